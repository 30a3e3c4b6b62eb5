import { useEffect } from 'react';
import type { RunEventMessage } from '../../src/service/api';
import type { ApiClient } from '../api/client';
import { useDataset } from '../state/datasetStore';
import { useEditor } from '../state/designStore';
import { parseRunMessage } from '../state/runEvents';
import { useRuns } from '../state/runsStore';

/** Pushed events are gathered for this long, then put in the store in one update (charts redraw once). */
const FLUSH_MS = 120;

/**
 * Listens to the host's run events for the whole window: every run's events go to the runs store;
 * a run's end lifts the read-only lock of the design it trained. Mounted once, in App.
 */
export function useRunFeed(api: ApiClient): void {
  useEffect(() => {
    let buffer: RunEventMessage[] = [];
    let timer: ReturnType<typeof setTimeout> | null = null;
    const flush = () => {
      timer = null;
      const messages = buffer;
      buffer = [];
      useRuns.getState().addEvents(messages);
      for (const { runId, event } of messages) if (event.type === 'end') useEditor.getState().unlock(runId);
    };
    const unsubscribe = api.onEvent((message) => {
      const parsed = parseRunMessage(message);
      if (!parsed) return;
      buffer.push(parsed);
      timer ??= setTimeout(flush, FLUSH_MS);
    });
    return () => {
      unsubscribe();
      if (timer) clearTimeout(timer);
    };
  }, [api]);
}

/**
 * Keeps the runs list fresh: fetched at start and again whenever a run starts, finishes an epoch or
 * ends. At start, a run still training (the window was reloaded) becomes the Train screen's run.
 */
export function useRunList(api: ApiClient, report: (what: string, error: unknown) => void): void {
  const version = useRuns((s) => s.listVersion);
  useEffect(() => {
    let live = true;
    api.listRuns().then((list) => {
      if (!live) return;
      const runs = useRuns.getState();
      runs.setList(list);
      const running = list.find((r) => r.status === 'running');
      if (!runs.activeRunId && running) {
        runs.setActive(running.id, useDataset.getState().dir);
        api.getRun(running.id).then((details) => runs.loaded(running.id, details), () => undefined);
      }
    }, (error) => live && report('Could not list the runs', error));
    return () => {
      live = false;
    };
  }, [api, report, version]);
}
