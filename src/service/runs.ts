import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { TrainEvent } from '../train/events';
import { readJson, readMetrics, runPaths } from '../train/runFolder';

export type RunStatus = 'running' | 'completed' | 'stopped' | 'early-stopped' | 'failed' | 'interrupted';

export interface RunInfo {
  id: string;
  dir: string;
  /** The design's name. */
  name: string;
  status: RunStatus;
  epochsDone: number;
  epochs: number;
  bestValAccuracy: number | null;
  engine: 'tfjs' | 'torch';
  /** Where and how it last trained, as its start event said (`wasm`, `cpu: fp32, channels_last, 2 threads`); null before it starts. */
  backend: string | null;
  /** Milliseconds since the epoch. */
  created: number;
  seconds: number;
  /** The failure message of a failed run. */
  message?: string;
  /** Why "Automatic" picked this run's engine (absent when the engine was chosen by hand). */
  engineReason?: string;
}

interface StoredConfig { epochs?: number; engine?: string; engineChoice?: { reason?: string } | null }

export const runsDir = (workspace: string) => path.join(workspace, 'runs');

const RUN_ID = /^[0-9]{8}-[0-9]{6}(-[a-z0-9-]{1,40})?(-[0-9]+)?$/;

export const isRunId = (id: string) => RUN_ID.test(id);

/** `20261127-231502-googlenet-96`: sortable, readable, safe as a folder name. */
export function newRunId(name: string, now = new Date(), taken: (id: string) => boolean = () => false): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const stamp = `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}-${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`;
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40);
  const base = slug ? `${stamp}-${slug}` : stamp;
  if (!taken(base)) return base;
  for (let i = 2; ; i++) if (!taken(`${base}-${i}`)) return `${base}-${i}`;
}

/** What a run folder says about itself; `running` comes from the job manager, not the files. */
export async function readRunInfo(workspace: string, id: string, running: boolean): Promise<RunInfo | null> {
  const dir = path.join(runsDir(workspace), id);
  const paths = runPaths(dir);
  const info = await stat(paths.config).catch(() => null);
  if (!info) return null;
  const [config, graph, events] = await Promise.all([
    readJson<StoredConfig>(paths.config).catch(() => ({}) as StoredConfig),
    readJson<{ name?: string }>(paths.graph).catch(() => ({}) as { name?: string }),
    readMetrics(paths.metrics),
  ]);
  const end = [...events].reverse().find((e): e is Extract<TrainEvent, { type: 'end' }> => e.type === 'end');
  const epochs = events.filter((e): e is Extract<TrainEvent, { type: 'epoch' }> => e.type === 'epoch');
  const lastStart = [...events].reverse().find((e) => e.type === 'start');
  const endedAfterStart = end && (!lastStart || end.time >= lastStart.time);
  const status: RunStatus = running ? 'running' : endedAfterStart ? end.status : 'interrupted';
  const accuracies = epochs.map((e) => e.valAccuracy).filter((a): a is number => a !== null);
  const first = events[0]?.time;
  const last = events.at(-1)?.time;
  return {
    id,
    dir,
    name: graph.name ?? id,
    status,
    epochsDone: epochs.length ? Math.max(...epochs.map((e) => e.epoch)) + 1 : 0,
    epochs: config.epochs ?? 0,
    bestValAccuracy: accuracies.length ? Math.max(...accuracies) : null,
    engine: config.engine === 'torch' ? 'torch' : 'tfjs',
    backend: lastStart?.type === 'start' ? lastStart.backend : null,
    created: info.birthtimeMs || info.mtimeMs,
    seconds: first !== undefined && last !== undefined ? last - first : 0,
    ...(status === 'failed' && end?.message ? { message: end.message } : {}),
    ...(config.engineChoice?.reason ? { engineReason: config.engineChoice.reason } : {}),
  };
}

export async function listRunIds(workspace: string): Promise<string[]> {
  const names = await readdir(runsDir(workspace)).catch(() => [] as string[]);
  return names.filter(isRunId).sort().reverse();
}
