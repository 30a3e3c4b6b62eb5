import type { SkipCode } from './report';

/** A dataset-level problem the user must fix (missing folder, no classes, bad options). */
export class DataError extends Error {
  override readonly name = 'DataError';
}

/** One file that cannot be used as an image. `reason` is short, e.g. "truncated JPEG". */
export class BadImageError extends Error {
  override readonly name = 'BadImageError';

  constructor(
    readonly code: SkipCode,
    readonly reason: string,
    readonly path?: string,
  ) {
    super(path ? `${path}: ${reason}` : reason);
  }
}
