import type { TrainEvent } from '../../src/contract/events';

type SkippedEvent = Extract<TrainEvent, { type: 'skipped' }>;

/** The files a run has left out so far, each once, newest first; `whileTraining` counts those found after it started. */
export interface SkippedSoFar {
  files: { path: string; reason: string }[];
  whileTraining: number;
}

/** Every file a run has skipped, from its events (both engines send one `skipped` event per file, as it happens). */
export function skippedSoFar(events: readonly TrainEvent[]): SkippedSoFar {
  const seen = new Map<string, SkippedEvent>();
  const afterStart = new Set<string>();
  let started = false;
  for (const event of events) {
    if (event.type === 'start') started = true;
    if (event.type !== 'skipped' || seen.has(event.path)) continue;
    seen.set(event.path, event);
    if (started) afterStart.add(event.path);
  }
  const files = [...seen.values()].reverse().map(({ path, reason }) => ({ path, reason }));
  return { files, whileTraining: afterStart.size };
}
