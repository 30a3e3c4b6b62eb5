import { useEffect, useRef, useState } from 'react';
import type { EngineChoice } from '../../src/service/api';
import { api } from '../api/instance';
import { useEditor } from '../state/designStore';

/** The decade of the design's multiply-adds per image: the host measures per size class, so a new decade asks again. */
const macsDecade = (macs: number | undefined) => (macs ? Math.floor(Math.log10(macs)) : null);

/**
 * What "Automatic" picks on this host for the design being edited, and why. The host measures the engines
 * on a design of its size class once per machine and versions (again while a measurement is provisional)
 * and caches it; `refresh` measures again. Null while it is being asked.
 */
export function useEngineChoice(): { choice: EngineChoice | Error | null; refresh(): void } {
  const [choice, setChoice] = useState<EngineChoice | Error | null>(null);
  const [refreshes, setRefreshes] = useState(0);
  const measureAgain = useRef(false);
  const decade = useEditor((s) => macsDecade(s.inference?.errors.length ? undefined : s.inference?.totals.macs));
  useEffect(() => {
    let live = true;
    const doc = useEditor.getState().doc;
    const refresh = measureAgain.current;
    measureAgain.current = false;
    const asked = decade !== null && doc ? api.chooseEngine(refresh, doc) : api.chooseEngine(refresh);
    asked.then(
      (c) => live && setChoice(c),
      (error: unknown) => live && setChoice(error instanceof Error ? error : new Error(String(error))),
    );
    return () => {
      live = false;
    };
  }, [decade, refreshes]);
  return {
    choice,
    refresh: () => {
      measureAgain.current = true;
      setChoice(null);
      setRefreshes((r) => r + 1);
    },
  };
}
