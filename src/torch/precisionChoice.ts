import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { runTool } from './python';

/**
 * The CPU precision choice of the PyTorch engine (`assets/python/inception_torch/precision.py`): fp32 against
 * fp32 + channels_last, and bf16 where the CPU has bf16 arithmetic, measured in interleaved rounds and cached
 * per machine in the user's cache folder.
 */
const variantSchema = z.object({ precision: z.enum(['fp32', 'bf16']), channelsLast: z.boolean(), imagesPerSecond: z.number(), rounds: z.array(z.number()) });
const entrySchema = z.object({
  measured: z.array(variantSchema),
  skipped: z.string().nullable(),
  othersCores: z.number().nullable(),
  cores: z.number(),
  provisional: z.boolean(),
  measuredAt: z.number(),
  measurements: z.number().int(),
  design: z.string(),
  batch: z.number().int(),
  /** The rounds stopped early: they took longer than the budget on a busy machine. */
  cutShort: z.boolean().optional(),
  /** Why the choice holds: a quiet reading, or busy measurements that agreed round by round; null while provisional (absent in caches of the old count rule). */
  final: z.enum(['quiet', 'agreed']).nullable().optional(),
  /** Busy measurements a quiet reading replaced. */
  busyBefore: z.number().int().optional(),
});
const choiceSchema = z.object({ precision: z.enum(['fp32', 'bf16']), channelsLast: z.boolean(), why: z.string() });
const cacheSchema = z.object({
  format: z.literal('inception-studio.torch-precision'),
  key: z.object({ cpu: z.string(), cores: z.number().nullable(), torch: z.string() }).passthrough(),
  choice: choiceSchema,
  entry: entrySchema,
});
/** What `inception_tools.py precision` answers: the choice, whether it came from the cache, and what was measured. */
const toolAnswerSchema = choiceSchema.extend({ cached: z.boolean(), cache: z.string() }).extend(entrySchema.shape);

export type TorchPrecisionCache = z.infer<typeof cacheSchema>;
export type TorchPrecisionAnswer = z.infer<typeof toolAnswerSchema>;

/** `$INCEPTION_PRECISION_CACHE`, else `inception-studio/torch-precision.json` in the user's cache folder (as the runner finds it). */
export function torchPrecisionCachePath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.INCEPTION_PRECISION_CACHE) return env.INCEPTION_PRECISION_CACHE;
  return path.join(env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'inception-studio', 'torch-precision.json');
}

/** The cached choice and its figures; null when nothing was measured yet (or the file is not one we wrote). */
export async function readTorchPrecision(file = torchPrecisionCachePath()): Promise<TorchPrecisionCache | null> {
  const text = await readFile(file, 'utf8').catch(() => null);
  if (text === null) return null;
  try {
    const parsed = cacheSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Asks the runner's precision choice (measuring where nothing final is cached; `measure` measures anew). */
export function chooseTorchPrecision(python: string, options: { measure?: boolean } = {}): Promise<TorchPrecisionAnswer> {
  return runTool(python, ['precision', ...(options.measure ? ['--measure'] : [])], { timeoutMs: 900_000, answer: toolAnswerSchema });
}
