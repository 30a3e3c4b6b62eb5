import { useMemo } from 'react';
import { inputOf } from '../../src/shapes/classes';
import { useEditor } from '../state/designStore';

/** Height, width and channels of the open design's Input node; null without a usable one. */
export function useDesignInput(): { height: number; width: number; channels: 1 | 3 | 4 } | null {
  const doc = useEditor((s) => s.doc);
  return useMemo(() => {
    if (!doc) return null;
    try {
      return inputOf(doc);
    } catch {
      return null;
    }
  }, [doc]);
}
