import type { DeploymentProfile } from '../../src/contract/apiTypes';

/** One line of the Export screen's profile table, every figure already in words. */
export interface ProfileTableRow {
  runtime: string;
  where: string;
  size: string;
  peakMemory: string;
  /** What the peak memory is in that runtime (the cell's tooltip). */
  memoryMeaning: string;
  median: string;
  p95: string;
  /** Why the row has no numbers. */
  unavailable?: string;
}

const megabytes = (bytes: number) => `${(bytes / 1e6).toFixed(2)} MB`;
const milliseconds = (ms: number) => `${ms < 10 ? ms.toFixed(2) : ms.toFixed(1)} ms`;
const orDash = <T,>(value: T | null, words: (v: T) => string) => (value === null ? '—' : words(value));

/** The rows of a deployment profile as the Export screen shows them: where it ran, size, peak memory, median and p95 latency. */
export function profileTableRows(profile: DeploymentProfile): ProfileTableRow[] {
  return profile.rows.map((row) => ({
    runtime: row.runtime,
    where: row.where,
    size: megabytes(row.sizeBytes),
    peakMemory: orDash(row.peakMemoryBytes, megabytes),
    memoryMeaning: row.memory,
    median: orDash(row.medianMs, milliseconds),
    p95: orDash(row.p95Ms, milliseconds),
    ...(row.unavailable ? { unavailable: row.unavailable } : {}),
  }));
}

/** `Measured 2026-12-06 10:50 UTC on …, batch 1, 50 runs each`: the table's caption. */
export function profileCaption(profile: DeploymentProfile): string {
  const runs = [...new Set(profile.rows.filter((r) => !r.unavailable).map((r) => r.runs))];
  return `Measured ${profile.measuredAt.slice(0, 16).replace('T', ' ')} UTC on ${profile.machine}, batch 1${runs.length === 1 ? `, ${runs[0]} runs each` : ''}.`;
}
