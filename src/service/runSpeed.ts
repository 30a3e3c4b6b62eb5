import path from 'node:path';
import { parseGraph } from '../graph/schema';
import { readMetrics } from '../io/metricsFile';
import { readJson, runPaths } from '../io/runFolder';
import type { FinishedRunSpeed } from './engineChoice';

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** The device in a start event's backend: "cpu: fp32, channels_last, 2 threads" → cpu, "cuda (NVIDIA H100)" → cuda, "wasm" → wasm. */
export const deviceOfBackend = (backend: string) => backend.split(/[:\s(]/, 1)[0];

/**
 * A run's training speed once it ended with at least one epoch: the median images/s of the epochs of its
 * last session, with the engine and device that trained them. Null for a run that failed or trained no epoch.
 */
export async function finishedRunSpeed(runDir: string): Promise<FinishedRunSpeed | null> {
  const files = runPaths(runDir);
  const events = await readMetrics(files.metrics);
  const lastStart = events.findLastIndex((e) => e.type === 'start');
  const start = events[lastStart];
  if (start?.type !== 'start') return null;
  const session = events.slice(lastStart + 1);
  const end = session.find((e) => e.type === 'end');
  if (!end || end.type !== 'end' || end.status === 'failed') return null;
  const speeds = session.flatMap((e) => (e.type === 'epoch' && e.imagesPerSecond > 0 ? [e.imagesPerSecond] : []));
  if (!speeds.length) return null;
  const config = await readJson<{ engine?: unknown }>(files.config);
  const graph = parseGraph(await readJson<unknown>(files.graph));
  if (!graph.ok) return null;
  const engine = config.engine === 'torch' ? 'torch' : 'tfjs';
  return { runId: path.basename(runDir), engine, device: deviceOfBackend(start.backend), graph: graph.graph, imagesPerSecond: median(speeds) };
}
