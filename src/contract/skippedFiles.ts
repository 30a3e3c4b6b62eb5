import { z } from 'zod';

/**
 * Why a file was left out of a dataset. Codes are stable (they are counted in report.json);
 * the human-readable `reason` beside them may carry details.
 */
export const SKIP_CODES = [
  'empty', // zero-byte file
  'unreadable', // permission denied or I/O error
  'not-image', // extension or content is not an image format we read
  'unsupported', // an image, but a variant we cannot decode (e.g. RLE-compressed BMP)
  'truncated', // the file ends early
  'corrupt', // the decoder rejected the pixel data
  'too-large', // the pixel count exceeds the safety limit
  'outside-class', // directly in the dataset root, not in a class folder
  'not-file', // a device, socket or FIFO with an image name
  'broken-link', // a symlink whose target does not exist
  'symlink-loop', // a folder reached again through a symlink
  'duplicate', // the same file reached twice through symlinks
  'unknown-class', // a validation folder's class that training does not have
  'decoder-failed', // the decoder itself failed on this file
] as const;

export type SkipCode = (typeof SKIP_CODES)[number];

/** One file left out of a dataset, as listed in a run's report.json. */
export interface SkippedFile {
  /** Absolute path as the scan found it (not resolved through symlinks). */
  path: string;
  /** Short human-readable reason, e.g. "truncated JPEG". */
  reason: string;
  /** Stable category of the reason. */
  code: SkipCode;
}

/** A skipped file as it crosses a process boundary or is read back from a run folder. */
export const skippedFileSchema = z.object({ path: z.string(), code: z.enum(SKIP_CODES), reason: z.string() });
