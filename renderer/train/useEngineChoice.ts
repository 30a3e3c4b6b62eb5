import { useEffect, useState } from 'react';
import type { EngineChoice } from '../../src/service/api';
import { api } from '../api/instance';

let asked: Promise<EngineChoice> | null = null;

/**
 * What "Automatic" picks on this host and why. The host measures once per machine and versions (a few
 * seconds the first time) and caches it; `refresh` measures again. Null while it is being asked.
 */
export function useEngineChoice(): { choice: EngineChoice | Error | null; refresh(): void } {
  const [choice, setChoice] = useState<EngineChoice | Error | null>(null);
  const [round, setRound] = useState(0);
  useEffect(() => {
    let live = true;
    asked ??= api.chooseEngine();
    asked.then(
      (c) => live && setChoice(c),
      (error: unknown) => {
        asked = null;
        if (live) setChoice(error instanceof Error ? error : new Error(String(error)));
      },
    );
    return () => {
      live = false;
    };
  }, [round]);
  return {
    choice,
    refresh: () => {
      asked = api.chooseEngine(true);
      setChoice(null);
      setRound((r) => r + 1);
    },
  };
}
