import { mkdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { GraphDoc } from '../graph/types';
import { atomicWrite } from '../io/atomicWrite';
import { inferGraph } from '../shapes/infer';
import type { InferenceChoice, InferenceRuntime, RuntimeSpeed } from '../contract/inference';
import type { InferenceModel } from './inferenceModel';

/** Interleaved rounds per measurement: each runtime runs one batch per round, the order alternating. */
export const MEASURE_ROUNDS = 5;
/** Images per measured batch. */
export const MEASURE_BATCH = 8;
const CACHE_FORMAT = 'inception-studio.inference-speed';

/**
 * A design's size class: doubling steps of its multiply-accumulates per image, and its input size. Designs of
 * one class run at about the same speed ratio on one runtime and another, so one measurement serves them all.
 */
export function sizeClass(graph: GraphDoc): string {
  const inference = inferGraph(graph);
  const input = graph.nodes.find((n) => n.kind === 'Input');
  const side = input ? `${input.params.height}×${input.params.width}×${input.params.channels}` : 'unknown';
  return `2^${Math.round(Math.log2(Math.max(1, inference.totals.macs)))} MACs, input ${side}`;
}

/** What a measurement depends on besides the design: the machine, and the runtimes' versions and backends. */
export function machineKey(titles: string[]): string {
  return JSON.stringify({ cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, platform: process.platform, arch: process.arch, runtimes: [...titles].sort() });
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const rounded = (ips: number) => (ips >= 100 ? Math.round(ips) : Number(ips.toPrecision(2)));

/** A seeded batch of pixels in [-1, 1]: speed does not depend on what the pixels show. */
function measureBatch(model: InferenceModel, batch: number): Float32Array {
  const { height, width, channels } = model.spec;
  const x = new Float32Array(batch * height * width * channels);
  let s = 12345;
  for (let i = 0; i < x.length; i++) x[i] = ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 31) - 1;
  return x;
}

/**
 * Images/s of each model on the same batch, over `rounds` interleaved rounds after one warm-up call each: each
 * round runs every model once, the order turning round by round, so that a busy moment slows them alike; the
 * median round counts.
 */
export async function measureRuntimes(models: InferenceModel[], options: { rounds?: number; batch?: number } = {}): Promise<RuntimeSpeed[]> {
  const rounds = options.rounds ?? MEASURE_ROUNDS;
  const batch = options.batch ?? MEASURE_BATCH;
  const results = models.map((m): RuntimeSpeed => ({ runtime: m.runtime, title: m.title, imagesPerSecond: null, rounds: [] }));
  const inputs = models.map((m) => measureBatch(m, batch));
  const alive = models.map(() => true);
  const call = async (i: number) => {
    if (!alive[i]) return;
    const started = performance.now();
    try {
      await models[i].probabilities(inputs[i], batch);
      return batch / Math.max(1e-6, (performance.now() - started) / 1000);
    } catch (error) {
      alive[i] = false;
      results[i].error = (error as Error).message.slice(0, 300);
    }
  };
  for (let i = 0; i < models.length; i++) await call(i);
  for (let r = 0; r < rounds; r++) {
    for (let j = 0; j < models.length; j++) {
      const i = (j + r) % models.length;
      const ips = await call(i);
      if (ips !== undefined) results[i].rounds.push(ips);
    }
  }
  for (const result of results) if (result.rounds.length && !result.error) result.imagesPerSecond = median(result.rounds);
  return results;
}

/** The fastest measured runtime, and a sentence that says by how much, with the figures. */
export function decideRuntime(measured: RuntimeSpeed[], what: string): Pick<InferenceChoice, 'runtime' | 'title' | 'reason'> {
  const usable = measured.filter((m) => m.imagesPerSecond !== null).sort((a, b) => b.imagesPerSecond! - a.imagesPerSecond!);
  const failed = measured.filter((m) => m.imagesPerSecond === null).map((m) => `${m.title}: ${m.error ?? 'not measured'}`);
  const [best, next] = usable;
  if (!best) throw new Error(`no inference runtime runs this model here (${failed.join('; ')})`);
  if (!next) return { runtime: best.runtime, title: best.title, reason: `${best.title}: the only runtime that runs this model here (${failed.join('; ')})` };
  const ratio = best.imagesPerSecond! / next.imagesPerSecond!;
  const how = ratio < 1.1 ? 'about as fast as' : `${ratio >= 3 ? Math.round(ratio) : ratio.toFixed(1)}× faster than`;
  const figures = `${rounded(best.imagesPerSecond!)} vs ${rounded(next.imagesPerSecond!)} images/s, median of ${best.rounds.length} interleaved rounds, ${what}`;
  return { runtime: best.runtime, title: best.title, reason: `${best.title}: ${how} ${next.title} on this machine (${figures})` };
}

interface CacheEntry { measuredAt: number; measured: RuntimeSpeed[] }
interface CacheFile {
  format: string;
  entries: Record<string, CacheEntry>;
  /** The runtimes' titles as they loaded, by the installed packages they loaded from (`rememberTitles`). */
  titles?: Record<string, Record<InferenceRuntime, string>>;
}

/** The cache key of a measurement: this machine, the runtimes as they load here, and the design's size class. */
export function choiceKey(graph: GraphDoc, titles: Record<InferenceRuntime, string>): string {
  return `${machineKey(Object.values(titles))} ${sizeClass(graph)}`;
}

/**
 * The choice cached for this design's size class, without opening a model or loading a runtime to learn its title:
 * the titles are those last seen with these installed packages (`installed`: their names and versions, see
 * `rememberTitles`). Null when none is cached, or the titles were not seen yet.
 */
export async function cachedChoice(graph: GraphDoc, cacheFile: string, installed: string): Promise<InferenceChoice | null> {
  const cache = await readCache(cacheFile);
  const titles = cache.titles?.[installed];
  const entry = titles && cache.entries[choiceKey(graph, titles)];
  if (!entry) return null;
  return { ...decideRuntime(entry.measured, `designs of ${sizeClass(graph)}`), measured: entry.measured, cached: true, measuredAt: entry.measuredAt };
}

/** The runtimes' titles last seen with these installed packages (`rememberTitles`); null when not seen yet. */
export async function rememberedTitles(cacheFile: string, installed: string): Promise<Record<InferenceRuntime, string> | null> {
  return (await readCache(cacheFile)).titles?.[installed] ?? null;
}

/** Records the runtimes' titles as they loaded with these installed packages (read back by `rememberedTitles`). */
export async function rememberTitles(cacheFile: string, installed: string, titles: Record<InferenceRuntime, string>): Promise<void> {
  const cache = await readCache(cacheFile);
  if (JSON.stringify(cache.titles?.[installed]) === JSON.stringify(titles)) return;
  cache.titles = { ...cache.titles, [installed]: titles };
  await mkdir(path.dirname(cacheFile), { recursive: true });
  await atomicWrite(cacheFile, JSON.stringify(cache, null, 2) + '\n');
}

async function readCache(file: string): Promise<CacheFile> {
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as CacheFile;
    if (parsed.format === CACHE_FORMAT && parsed.entries && typeof parsed.entries === 'object') return parsed;
  } catch {
    // Missing or unreadable: measured again and rewritten.
  }
  return { format: CACHE_FORMAT, entries: {} };
}

export interface ChooseRuntimeOptions {
  graph: GraphDoc;
  /** Null: measure every time. */
  cacheFile: string | null;
  /** Opens the run's model on a runtime (kept open for the job when chosen). */
  open: Record<InferenceRuntime, () => Promise<InferenceModel>>;
  /** The titles of the runtimes as they load here, which the cache key includes. */
  titles: Record<InferenceRuntime, string>;
  rounds?: number;
}

/**
 * Picks the runtime a job runs on: from the cache when this machine measured a design of this size class
 * before, else by measuring every runtime on the run's own model (`measureRuntimes`) and caching the figures.
 * @returns the open model of the chosen runtime (the others are closed) and the choice explained.
 */
export async function chooseRuntime(options: ChooseRuntimeOptions): Promise<{ model: InferenceModel; choice: InferenceChoice }> {
  const runtimes = Object.keys(options.open) as InferenceRuntime[];
  const size = sizeClass(options.graph);
  const key = choiceKey(options.graph, options.titles);
  const cache = options.cacheFile ? await readCache(options.cacheFile) : null;
  const cached = cache?.entries[key];
  if (cached) {
    const decided = decideRuntime(cached.measured, `designs of ${size}`);
    try {
      return { model: await options.open[decided.runtime](), choice: { ...decided, measured: cached.measured, cached: true, measuredAt: cached.measuredAt } };
    } catch {
      // The cached winner cannot open this run's model (a design ONNX cannot express): measured below.
    }
  }
  const opened = await Promise.all(runtimes.map(async (runtime) => {
    try {
      return { runtime, model: await options.open[runtime]() };
    } catch (error) {
      return { runtime, error: (error as Error).message.slice(0, 300) };
    }
  }));
  const models = opened.flatMap((o) => (o.model ? [o.model] : []));
  const measured = [
    ...(await measureRuntimes(models, { rounds: options.rounds })),
    ...opened.flatMap((o) => (o.error ? [{ runtime: o.runtime, title: options.titles[o.runtime], imagesPerSecond: null, rounds: [], error: `could not open the model: ${o.error}` }] : [])),
  ];
  const measuredAt = Date.now();
  const decided = decideRuntime(measured, `designs of ${size}`);
  for (const m of models) if (m.runtime !== decided.runtime) await m.close();
  const model = models.find((m) => m.runtime === decided.runtime)!;
  // A runtime that could not open this model says nothing about the size class: not cached then.
  if (cache && options.cacheFile && opened.every((o) => o.model)) {
    cache.entries[key] = { measuredAt, measured };
    await mkdir(path.dirname(options.cacheFile), { recursive: true });
    await atomicWrite(options.cacheFile, JSON.stringify(cache, null, 2) + '\n');
  }
  return { model, choice: { ...decided, measured, cached: false, measuredAt } };
}
