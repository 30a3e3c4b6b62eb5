import type { ApiReply } from '../../src/service/api';

/** A message the host pushes without being asked (run progress and the like). */
export interface ApiEvent {
  event: string;
  [field: string]: unknown;
}

/** Every message the host may send: a reply to one request, or an event. */
export type ServerMessage = { type: 'reply'; reply: ApiReply } | { type: 'event'; event: ApiEvent };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Checks the envelope of one message from the host; the result of a reply stays `unknown`.
 * Returns a description of what is wrong when the message is neither a reply nor an event.
 */
export function parseServerMessage(raw: unknown): ServerMessage | { type: 'invalid'; problem: string } {
  if (!isRecord(raw)) return { type: 'invalid', problem: `expected a JSON object, got ${describe(raw)}` };
  if (typeof raw.event === 'string') return { type: 'event', event: raw as ApiEvent };
  if (typeof raw.id !== 'number') {
    return { type: 'invalid', problem: `expected a numeric "id" or a string "event", got id ${describe(raw.id)}` };
  }
  if (raw.ok === true) return { type: 'reply', reply: { id: raw.id, ok: true, result: raw.result } };
  if (raw.ok === false) {
    const error = isRecord(raw.error) ? raw.error : {};
    return {
      type: 'reply',
      reply: {
        id: raw.id,
        ok: false,
        error: {
          message: typeof error.message === 'string' ? error.message : 'the host reported an error without a message',
          code: typeof error.code === 'string' ? error.code : 'UNKNOWN',
          ...(typeof error.option === 'string' && { option: error.option }),
        },
      },
    };
  }
  return { type: 'invalid', problem: `reply ${raw.id}: expected "ok" to be true or false, got ${describe(raw.ok)}` };
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}
