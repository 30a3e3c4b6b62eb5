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

/** The skipped-file section of report.json. */
export interface SkippedReport {
  total: number;
  /** How many files were skipped for each code; codes that did not occur are absent. */
  byCode: Partial<Record<SkipCode, number>>;
  /** The files, in the order they were found; at most `maxListed` of them. */
  files: SkippedFile[];
  /** How many files were left out of `files` to keep the report small. */
  unlisted: number;
}

/**
 * Builds the skipped-file section of report.json. Duplicate paths (a file skipped at scan time and
 * again while decoding, or in several epochs) are listed once, with the first reason seen.
 */
export function buildSkippedReport(skipped: Iterable<SkippedFile>, maxListed = 1000): SkippedReport {
  const seen = new Set<string>();
  const files: SkippedFile[] = [];
  const byCode: Partial<Record<SkipCode, number>> = {};
  let total = 0;
  for (const file of skipped) {
    if (seen.has(file.path)) continue;
    seen.add(file.path);
    total++;
    byCode[file.code] = (byCode[file.code] ?? 0) + 1;
    if (files.length < maxListed) files.push({ path: file.path, reason: file.reason, code: file.code });
  }
  return { total, byCode, files, unlisted: total - files.length };
}
