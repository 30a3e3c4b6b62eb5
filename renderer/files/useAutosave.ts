import { useCallback, useEffect, useRef, useState } from 'react';
import { parseGraph } from '../../src/graph/schema';
import type { GraphDoc } from '../../src/graph/types';
import type { InceptionHostBridge } from '../../electron/bridge';
import type { ApiClient } from '../api/client';
import type { AutosaveOffer } from '../components/RestoreBanner';
import { selectDirty, useEditor } from '../state/designStore';

/** How often a design with unsaved changes is autosaved. */
export const AUTOSAVE_MS = 3000;

/**
 * Keeps the design with unsaved changes in the workspace's autosave every few seconds and when the
 * page goes away (quit, reload), so a crash loses at most a few seconds of work. In Electron the window
 * waits for that last save before it closes (`onBeforeClose`). Paused while an earlier autosave is being
 * offered back, so it is not overwritten before the user decides.
 */
export function useAutosave(api: ApiClient, paused: boolean): void {
  const written = useRef<GraphDoc | null>(null);
  const saving = useRef<Promise<void>>(Promise.resolve());
  const pausedRef = useRef(paused);
  pausedRef.current = paused;

  useEffect(() => {
    /** Saves the design if it changed since the last save; resolves when the latest save is done. */
    const flush = (): Promise<void> => {
      const state = useEditor.getState();
      if (pausedRef.current || !state.doc || !selectDirty(state) || state.doc === written.current) return saving.current;
      const doc = state.doc;
      written.current = doc;
      saving.current = api.saveAutosave(doc, state.filePath).then(
        () => undefined,
        () => {
          if (written.current === doc) written.current = null;
        },
      );
      return saving.current;
    };
    const flushSoon = () => void flush();
    const timer = setInterval(flushSoon, AUTOSAVE_MS);
    window.addEventListener('pagehide', flushSoon);
    window.addEventListener('beforeunload', flushSoon);
    const bridge = (window as { inceptionHost?: InceptionHostBridge }).inceptionHost;
    const stopListening = typeof bridge?.onBeforeClose === 'function' ? bridge.onBeforeClose(flush) : undefined;
    return () => {
      clearInterval(timer);
      window.removeEventListener('pagehide', flushSoon);
      window.removeEventListener('beforeunload', flushSoon);
      stopListening?.();
    };
  }, [api]);
}

interface Pending extends AutosaveOffer {
  graph: GraphDoc;
  sourcePath: string | null;
}

/**
 * At start, looks for a design the last session left unsaved and offers it back. Restore opens it
 * with its unsaved changes (Save then clears the autosave); Discard deletes the autosave.
 */
export function useAutosaveOffer(api: ApiClient): { offer: AutosaveOffer | null; restore(): void; discard(): void } {
  const [pending, setPending] = useState<Pending | null>(null);
  useEffect(() => {
    let live = true;
    api.loadAutosave().then((saved) => {
      if (!live || !saved) return;
      const parsed = parseGraph(saved.graph);
      if (!parsed.ok) return;
      setPending({ graph: parsed.graph, sourcePath: saved.sourcePath, savedAt: saved.savedAt, name: parsed.graph.name });
    }, () => undefined);
    return () => {
      live = false;
    };
  }, [api]);

  const restore = useCallback(() => {
    if (!pending) return;
    useEditor.getState().openDoc(pending.graph, { path: pending.sourcePath, clean: false });
    setPending(null);
  }, [pending]);
  const discard = useCallback(() => {
    setPending(null);
    api.clearAutosave().catch(() => undefined);
  }, [api]);
  return { offer: pending, restore, discard };
}
