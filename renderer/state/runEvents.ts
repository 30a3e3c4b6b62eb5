import { z } from 'zod';
import type { RunEventMessage } from '../../src/service/api';
import { trainEvent, type TrainEvent } from '../../src/contract/events';
import type { ApiEvent } from '../api/client';

const runMessage = z.object({ event: z.literal('run'), data: z.object({ runId: z.string().min(1), event: trainEvent }) });

/**
 * A run event pushed by the host (`{ event: 'run', data: { runId, event } }`), checked against the
 * event schema; null for other pushes, and for a run push that does not fit (logged once here).
 */
export function parseRunMessage(message: ApiEvent): RunEventMessage | null {
  if (message.event !== 'run') return null;
  const parsed = runMessage.safeParse(message);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    console.warn(`ignored a run event from the host: ${issue.path.join('.')}: ${issue.message}`);
    return null;
  }
  return parsed.data.data;
}

/**
 * A run's events as read from its folder, followed by the pushed ones that arrived while it was read
 * and are not in it yet (the file may or may not have them, depending on timing).
 */
export function mergeEvents(loaded: readonly TrainEvent[], live: readonly TrainEvent[]): TrainEvent[] {
  const last = loaded.at(-1)?.time ?? -Infinity;
  return [...loaded, ...live.filter((e) => e.time > last)];
}
