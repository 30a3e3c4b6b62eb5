import { useEffect, useRef, useState } from 'react';
import type { EngineChoice } from '../../src/service/api';
import { api } from '../api/instance';
import { useEditor } from '../state/designStore';
import { useTrainSettings } from '../state/trainStore';
import { autoEngineNotAsked } from './autoEngineAsk';

/** The decade of the design's multiply-adds per image: the host measures per size class, so a new decade asks again. */
const macsDecade = (macs: number | undefined) => (macs ? Math.floor(Math.log10(macs)) : null);

/**
 * What "Automatic" picks on this host for the design being edited, and why. The host measures the engines
 * on a design of its size class once per machine and versions (again while a measurement is provisional)
 * and caches it; `refresh` measures again. `choice` is null while it is being asked; `notAsked` says why
 * nothing is asked (Automatic not chosen, or no valid design: `autoEngineNotAsked`).
 */
export function useEngineChoice(): { choice: EngineChoice | Error | null; notAsked: string | null; refresh(): void } {
  const [choice, setChoice] = useState<EngineChoice | Error | null>(null);
  const [refreshes, setRefreshes] = useState(0);
  const measureAgain = useRef(false);
  const decade = useEditor((s) => macsDecade(s.inference?.errors.length ? undefined : s.inference?.totals.macs));
  const engine = useTrainSettings((s) => s.settings.engine);
  const notAsked = autoEngineNotAsked(engine, decade);
  useEffect(() => {
    const doc = useEditor.getState().doc;
    setChoice(null);
    if (notAsked !== null || !doc) return;
    let live = true;
    const refresh = measureAgain.current;
    measureAgain.current = false;
    api.chooseEngine(refresh, doc).then(
      (c) => live && setChoice(c),
      (error: unknown) => live && setChoice(error instanceof Error ? error : new Error(String(error))),
    );
    return () => {
      live = false;
    };
  }, [decade, refreshes, notAsked]);
  return {
    choice,
    notAsked,
    refresh: () => {
      measureAgain.current = true;
      setRefreshes((r) => r + 1);
    },
  };
}
