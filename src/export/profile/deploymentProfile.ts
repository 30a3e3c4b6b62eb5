import { mkdtemp, rm, stat } from 'node:fs/promises';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import type { DeploymentProfile, ProfileRow } from '../../contract/apiTypes';
import { measureLatency } from '../int8/ortProcess';

export type { DeploymentProfile, ProfileRow };

export const PROFILE_FILE = 'profile.json';

/**
 * Measures each model in onnxruntime-node (CPU), each in a process of its own: file size, peak memory, and the
 * median and p95 latency of `runs` single-image runs. `inputShape` is C×H×W.
 */
export async function profileOnnx(models: { label: string; file: string }[], inputShape: readonly number[], machine: string, runs = 50): Promise<DeploymentProfile> {
  const work = await mkdtemp(path.join(tmpdir(), 'inception-profile-'));
  try {
    const rows: ProfileRow[] = [];
    for (const model of models) {
      const measured = await measureLatency(work, model.file, inputShape, runs);
      rows.push({
        runtime: `onnxruntime-node (CPU), ${model.label}`,
        sizeBytes: (await stat(model.file)).size,
        peakMemoryBytes: measured.peakRssBytes,
        loadMs: measured.loadMs,
        medianMs: measured.medianMs,
        p95Ms: measured.p95Ms,
        runs,
      });
    }
    return { measuredAt: new Date().toISOString(), machine, rows };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** The model card's section: the profile as a table. */
export function profileSection(profile: DeploymentProfile): string {
  const mb = (bytes: number) => (bytes / 1e6).toFixed(2);
  return [
    '## Deployment profile',
    '',
    `Measured ${profile.measuredAt.slice(0, 16).replace('T', ' ')} UTC on ${profile.machine}, batch 1; memory is the peak resident memory of the process that loaded and ran the model (Node itself included).`,
    '',
    '| runtime | size MB | peak memory MB | load ms | median ms | p95 ms | runs |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...profile.rows.map((r) => `| ${r.runtime} | ${mb(r.sizeBytes)} | ${mb(r.peakMemoryBytes)} | ${r.loadMs.toFixed(0)} | ${r.medianMs.toFixed(2)} | ${r.p95Ms.toFixed(2)} | ${r.runs} |`),
  ].join('\n');
}

/** This machine in words: CPU model, cores, memory. */
export function machineName(): string {
  return `${os.cpus()[0]?.model?.trim() ?? 'unknown CPU'}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB (${os.platform()} ${os.arch()})`;
}
