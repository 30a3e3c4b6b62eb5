import { create } from 'zustand';
import type { GraphDoc, RunEventMessage, RunInfo, TrainEvent } from '../../src/service/api';
import { mergeEvents } from './runEvents';

/**
 * Training runs as the app knows them: the listed runs, and the events of every run seen in this
 * window (pushed live, or read with getRun). Components do the I/O and put what comes back here.
 */
export interface RunsState {
  /** Events by run id, in order. */
  events: Readonly<Record<string, readonly TrainEvent[]>>;
  /** `listRuns()` as last fetched; null before the first answer. */
  list: readonly RunInfo[] | null;
  /** Grows when a run starts, finishes an epoch or ends, so whoever shows the list fetches it again. */
  listVersion: number;
  /** The run the Train screen follows. */
  activeRunId: string | null;
  /** The image folder chosen when the run became the followed one: choosing another one leaves the run behind. */
  activeContext: string | null;
  /** The image folder each run trained on, where known. */
  dataDirs: Readonly<Record<string, string>>;
  /** The editor's document each run of this window was started from, to lock it again on resume. */
  startedFrom: Readonly<Record<string, GraphDoc>>;
  /** The runs ticked for comparison on the Runs screen, in the order ticked. */
  compared: readonly string[];

  /** Appends pushed events (already in order per run). */
  addEvents(messages: readonly RunEventMessage[]): void;
  /** Puts the events read from a run's folder in place, keeping pushed ones that are newer. */
  loadEvents(runId: string, events: readonly TrainEvent[]): void;
  /** `loadEvents` for what `getRun` answered, noting the image folder its config names. */
  loaded(runId: string, details: { events: readonly TrainEvent[]; config: unknown }): void;
  setList(list: readonly RunInfo[]): void;
  refreshList(): void;
  /** Follows a run; `context` is the image folder chosen now. */
  setActive(runId: string | null, context: string | null): void;
  /** A run started in this window on `dataDir`: it becomes the active one, started from `doc`. */
  started(runId: string, doc: GraphDoc, dataDir: string): void;
  noteDataDir(runId: string, dataDir: string): void;
  /** Drops a deleted run. */
  forget(runId: string): void;
  setCompared(ids: readonly string[]): void;
}

/** Events that change what `listRuns()` says about a run. */
const CHANGES_LIST = new Set<TrainEvent['type']>(['start', 'epoch', 'end']);

export const useRuns = create<RunsState>()((set, get) => ({
  events: {},
  list: null,
  listVersion: 0,
  activeRunId: null,
  activeContext: null,
  dataDirs: {},
  startedFrom: {},
  compared: [],

  addEvents: (messages) => {
    if (messages.length === 0) return;
    const added = new Map<string, TrainEvent[]>();
    for (const { runId, event } of messages) {
      const list = added.get(runId) ?? [];
      list.push(event);
      added.set(runId, list);
    }
    const events = { ...get().events };
    for (const [runId, list] of added) events[runId] = [...(events[runId] ?? []), ...list];
    const bump = messages.some((m) => CHANGES_LIST.has(m.event.type));
    set({ events, ...(bump ? { listVersion: get().listVersion + 1 } : {}) });
  },
  loadEvents: (runId, loaded) => set({ events: { ...get().events, [runId]: mergeEvents(loaded, get().events[runId] ?? []) } }),
  loaded: (runId, details) => {
    get().loadEvents(runId, details.events);
    const dir = configDataDir(details.config);
    if (dir) get().noteDataDir(runId, dir);
  },
  setList: (list) => set({ list }),
  refreshList: () => set({ listVersion: get().listVersion + 1 }),
  setActive: (activeRunId, activeContext) => set({ activeRunId, activeContext }),
  started: (runId, doc, dataDir) => set({
    activeRunId: runId,
    activeContext: dataDir,
    dataDirs: { ...get().dataDirs, [runId]: dataDir },
    startedFrom: { ...get().startedFrom, [runId]: doc },
    listVersion: get().listVersion + 1,
  }),
  noteDataDir: (runId, dataDir) => set({ dataDirs: { ...get().dataDirs, [runId]: dataDir } }),
  forget: (runId) => {
    const events = { ...get().events };
    delete events[runId];
    const s = get();
    set({
      events,
      list: s.list?.filter((r) => r.id !== runId) ?? null,
      activeRunId: s.activeRunId === runId ? null : s.activeRunId,
      compared: s.compared.filter((id) => id !== runId),
    });
  },
  setCompared: (compared) => set({ compared }),
}));

const NO_EVENTS: readonly TrainEvent[] = [];

/** The events of one run (a stable empty list when there are none). */
export const selectEvents = (runId: string | null) => (s: RunsState): readonly TrainEvent[] =>
  (runId && s.events[runId]) || NO_EVENTS;

/** The image folder in a run's config.json, if it names one. */
export function configDataDir(config: unknown): string | null {
  const dir = (config as { data?: { dir?: unknown } } | null)?.data?.dir;
  return typeof dir === 'string' ? dir : null;
}
