import type { ErrorOption } from '../contract/apiTypes';

/** User-facing error codes, kept in one place. */
export const ERROR_CODES = {
  BAD_REQUEST: 'BAD_REQUEST',
  INVALID_GRAPH: 'INVALID_GRAPH',
  NOT_FOUND: 'NOT_FOUND',
  FORBIDDEN: 'FORBIDDEN',
  UNSUPPORTED: 'UNSUPPORTED',
  IO: 'IO',
  INTERNAL: 'INTERNAL',
} as const;

export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];

/** An error meant for the user: its message says what was expected, what was found, and where. */
export class ApiError extends Error {
  constructor(readonly code: ErrorCode, message: string, readonly option?: ErrorOption) {
    super(message);
  }
}
