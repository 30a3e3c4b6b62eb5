import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { EngineSpeed } from '../contract/engines';
import { atomicWrite } from '../io/atomicWrite';

const CACHE_FORMAT = 'inception-studio.engine-speed';
/** After this many measurements, each taken while the machine was busy, their combined figures are kept as final. */
export const FINAL_AFTER_MEASUREMENTS = 3;

const engine = z.enum(['tfjs', 'torch']);
const engineSpeedSchema = z.object({
  engine, device: z.string(), available: z.boolean(), imagesPerSecond: z.number().nullable(),
  detail: z.string().optional(), error: z.string().optional(), rounds: z.array(z.number()).optional(), fromRun: z.string().optional(),
});
const runSpeedSchema = z.object({ engine, device: z.string(), imagesPerSecond: z.number().positive(), runId: z.string(), design: z.string(), at: z.number() });

/** One size class's figures on this machine: the probe's, and the fastest finished run per engine and device. */
const classEntrySchema = z.object({
  design: z.string(),
  sizeClass: z.string(),
  measuredAt: z.number(),
  measurements: z.number().int().min(0),
  provisional: z.boolean(),
  othersCores: z.number().nullable(),
  cores: z.number(),
  measured: z.array(engineSpeedSchema),
  runs: z.array(runSpeedSchema),
});
const cacheSchema = z.object({ format: z.literal(CACHE_FORMAT), version: z.literal(2), key: z.string(), classes: z.record(z.string(), classEntrySchema) });

export type SizeClassSpeeds = z.infer<typeof classEntrySchema>;
export type RunSpeed = z.infer<typeof runSpeedSchema>;
type Classes = Record<string, SizeClassSpeeds>;

/** The cached figures per size class, when the file was written for this machine and versions (`key`); else none. */
export async function readSpeedCache(file: string, key: string): Promise<Classes> {
  const text = await readFile(file, 'utf8').catch(() => null);
  if (text === null) return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return {};
  }
  const parsed = cacheSchema.safeParse(value);
  return parsed.success && parsed.data.key === key ? parsed.data.classes : {};
}

export async function writeSpeedCache(file: string, key: string, classes: Classes): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await atomicWrite(file, JSON.stringify({ format: CACHE_FORMAT, version: 2, key, classes }, null, 2) + '\n');
}

const sameEngine = (a: Pick<EngineSpeed, 'engine' | 'device'>, b: Pick<EngineSpeed, 'engine' | 'device'>) => a.engine === b.engine && a.device === b.device;

/**
 * A new measurement combined with a provisional one before it: each engine keeps its higher figure (other
 * programs only ever slow an engine down, so the higher reading is the less disturbed one). It stays
 * provisional while every measurement so far was busy, up to `FINAL_AFTER_MEASUREMENTS`.
 */
export function combineMeasurements(before: SizeClassSpeeds | undefined, now: SizeClassSpeeds): SizeClassSpeeds {
  if (!before) return now;
  const measurements = before.measurements + now.measurements;
  const measured = now.measured.map((m) => {
    const old = before.measured.find((b) => sameEngine(b, m));
    return old && (old.imagesPerSecond ?? 0) > (m.imagesPerSecond ?? 0) ? { ...old, rounds: [...(old.rounds ?? []), ...(m.rounds ?? [])] } : m;
  });
  return { ...now, measured, measurements, runs: before.runs, provisional: now.provisional && measurements < FINAL_AFTER_MEASUREMENTS };
}

/** Records a finished run's speed: the fastest run per engine and device is kept. */
export function withRun(entry: SizeClassSpeeds, run: RunSpeed): SizeClassSpeeds {
  const old = entry.runs.find((r) => sameEngine(r, run));
  if (old && old.imagesPerSecond >= run.imagesPerSecond) return entry;
  return { ...entry, runs: [...entry.runs.filter((r) => r !== old), run] };
}

/** Each engine's figure for the choice: the probe's, or a finished run's on the same device where that trained faster. */
export function effectiveSpeeds(entry: SizeClassSpeeds): EngineSpeed[] {
  return entry.measured.map((m) => {
    const run = entry.runs.find((r) => sameEngine(r, m));
    return run && run.imagesPerSecond > (m.imagesPerSecond ?? 0) ? { ...m, imagesPerSecond: run.imagesPerSecond, fromRun: run.runId, error: undefined } : m;
  });
}
