import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { TrainEvent } from '../contract/events';
import { readJson, runPaths } from '../io/runFolder';
import { readMetrics } from '../io/metricsFile';
import { summarizeRun } from '../contract/runSummary';
import { migrateRunConfig } from '../contract/runConfig';
import type { RunInfo, RunStatus } from '../contract/runInfo';
import { readRunLabel } from './runLabel';

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

interface RunConfigFields {
  epochs?: number;
  engine?: string;
  data?: { dir?: unknown };
  engineChoice?: { reason?: string } | null;
  imported?: { format?: unknown; source?: unknown; classes?: unknown };
}

/** The fields a run's config.json has at the current version; a config from a newer app is read as it is. */
function configFields(stored: Record<string, unknown>): RunConfigFields {
  try {
    return migrateRunConfig(stored) as RunConfigFields;
  } catch {
    return stored as RunConfigFields;
  }
}

/** What a run folder says about itself; `running` comes from the job manager, not the files. */
export async function readRunInfo(workspace: string, id: string, running: boolean): Promise<RunInfo | null> {
  const dir = path.join(runsDir(workspace), id);
  const paths = runPaths(dir);
  const info = await stat(paths.config).catch(() => null);
  if (!info) return null;
  const [config, graph, events, label] = await Promise.all([
    readJson<Record<string, unknown>>(paths.config).then(configFields, () => ({}) as RunConfigFields),
    readJson<{ name?: string }>(paths.graph).catch(() => ({}) as { name?: string }),
    readMetrics(paths.metrics),
    readRunLabel(dir),
  ]);
  const end = [...events].reverse().find((e): e is Extract<TrainEvent, { type: 'end' }> => e.type === 'end');
  const lastStart = [...events].reverse().find((e) => e.type === 'start');
  const endedAfterStart = end && (!lastStart || end.time >= lastStart.time);
  const status: RunStatus = running ? 'running' : endedAfterStart ? end.status : 'interrupted';
  const summary = summarizeRun(events);
  return {
    id,
    dir,
    name: graph.name ?? id,
    label,
    dataDir: typeof config.data?.dir === 'string' ? config.data.dir : null,
    classes: lastStart?.type === 'start' ? lastStart.classes : importedClasses(config),
    status,
    epochsDone: summary.epochsDone,
    epochs: config.epochs ?? 0,
    bestEpoch: summary.bestEpoch,
    bestValAccuracy: summary.bestValAccuracy,
    engine: config.engine === 'torch' ? 'torch' : 'tfjs',
    backend: lastStart?.type === 'start' ? lastStart.backend : null,
    created: info.birthtimeMs || info.mtimeMs,
    seconds: summary.trainingSeconds,
    ...(status === 'failed' && end?.message ? { message: end.message } : {}),
    ...(config.engineChoice?.reason ? { engineReason: config.engineChoice.reason } : {}),
    ...(config.imported ? { imported: { format: config.imported.format === 'tfjs' ? 'tfjs' : 'onnx', source: String(config.imported.source ?? '') } } : {}),
  };
}

function importedClasses(config: RunConfigFields): string[] | null {
  const classes = config.imported?.classes;
  return Array.isArray(classes) && classes.every((c) => typeof c === 'string') ? classes : null;
}

export async function listRunIds(workspace: string): Promise<string[]> {
  const names = await readdir(runsDir(workspace)).catch(() => [] as string[]);
  return names.filter(isRunId).sort().reverse();
}
