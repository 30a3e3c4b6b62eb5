import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { BatchFile } from './imageBatches';
import type { TensorRange } from './insertQdq';

export const ORT_RUNNER_NAME = 'ortRunner.mjs';

/** The runner beside this module (source, or the CLI bundle in dist/node), or dist/node's from Electron's dist/electron. */
function runnerPath(): string {
  const candidates = [new URL(`./${ORT_RUNNER_NAME}`, import.meta.url), new URL(`../node/${ORT_RUNNER_NAME}`, import.meta.url)].map((u) => fileURLToPath(u));
  const found = candidates.find((c) => existsSync(c));
  if (!found) throw new Error(`the onnxruntime runner is missing: expected ${candidates.join(' or ')} (npm run build:node writes it)`);
  return found;
}

async function runJob<T>(workDir: string, job: object): Promise<T> {
  const file = path.join(workDir, `job-${Date.now()}-${Math.random().toString(36).slice(2)}.json`);
  await writeFile(file, JSON.stringify(job));
  const { stdout } = await promisify(execFile)(process.execPath, [runnerPath(), file], {
    maxBuffer: 1 << 28,
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
  });
  return JSON.parse(stdout.trim().split('\n').pop()!) as T;
}

/** Each output's [min, max] over the batches, run by onnxruntime-node in a child process. */
export async function measureRanges(workDir: string, model: string, batches: BatchFile[]): Promise<Map<string, TensorRange>> {
  const answer = await runJob<{ ranges: Record<string, [number | null, number | null]> }>(workDir, { task: 'ranges', model, batches });
  // JSON writes ±Infinity as null (a Pad's −∞ fill): such a range is not finite.
  return new Map(Object.entries(answer.ranges).map(([name, [min, max]]) => [name, { min: min ?? -Infinity, max: max ?? Infinity }]));
}

/** Each model's predicted class per image, run by onnxruntime-node in a child process. */
export async function classifyBatches(workDir: string, models: string[], batches: BatchFile[]): Promise<number[][]> {
  return (await runJob<{ predictions: number[][] }>(workDir, { task: 'classify', models, batches })).predictions;
}

/** onnxruntime-node's cost of one model at batch 1, measured in a process of its own. */
export interface NodeLatency { loadMs: number; medianMs: number; p95Ms: number; rssBeforeBytes: number; peakRssBytes: number }

/** Loads `model` in a fresh onnxruntime-node process and times `runs` single-image runs (after 5 warm-up runs). */
export async function measureLatency(workDir: string, model: string, shape: readonly number[], runs: number): Promise<NodeLatency> {
  return runJob<NodeLatency>(workDir, { task: 'latency', model, shape: [1, ...shape], runs });
}
