import type { SkipCode, SkippedFile } from '../contract/skippedFiles';

export { SKIP_CODES, type SkipCode, type SkippedFile } from '../contract/skippedFiles';

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
