import type { DeploymentProfile } from '../../src/contract/apiTypes';

/** One line of the Export screen's profile table, every figure already in words. */
export interface ProfileTableRow {
  runtime: string;
  size: string;
  peakMemory: string;
  median: string;
  p95: string;
}

const megabytes = (bytes: number) => `${(bytes / 1e6).toFixed(2)} MB`;
const milliseconds = (ms: number) => `${ms < 10 ? ms.toFixed(2) : ms.toFixed(1)} ms`;

/** The rows of a deployment profile as the Export screen shows them: size, peak memory, median and p95 latency. */
export function profileTableRows(profile: DeploymentProfile): ProfileTableRow[] {
  return profile.rows.map((row) => ({
    runtime: row.runtime,
    size: megabytes(row.sizeBytes),
    peakMemory: megabytes(row.peakMemoryBytes),
    median: milliseconds(row.medianMs),
    p95: milliseconds(row.p95Ms),
  }));
}

/** `Measured 2026-12-06 10:50 UTC on …, batch 1, 50 runs each`: the table's caption. */
export function profileCaption(profile: DeploymentProfile): string {
  const runs = [...new Set(profile.rows.map((r) => r.runs))];
  return `Measured ${profile.measuredAt.slice(0, 16).replace('T', ' ')} UTC on ${profile.machine}, batch 1${runs.length === 1 ? `, ${runs[0]} runs each` : ''}.`;
}
