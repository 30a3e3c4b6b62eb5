import type { AugmentSpec } from './augment';
import { type DecodeOptions, decodeBasePixels } from './decode';
import { BadImageError } from './errors';
import { finishSample } from './normalise';
import { mulberry32 } from './random';
import type { SkipCode } from './report';
import type { PreprocessSpec } from './spec';

/** One decode job, as sent to a worker thread (structured-clone friendly). */
export interface DecodeTask {
  path: string;
  /** Assumed valid: checked once by whoever builds the tasks. */
  spec: PreprocessSpec;
  augment: AugmentSpec;
  /** Seed of this image's augmentation draws. */
  seed: number;
  options?: DecodeOptions;
}

/** What a decode produced: the sample, or why the file was skipped. */
export type DecodeResult = { ok: true; pixels: Float32Array } | { ok: false; code: SkipCode; reason: string };

/** A DecodeResult plus the thread that produced it (0 = main thread). */
export type DecodeOutcome = DecodeResult & { threadId: number };

/** Runs one task; never throws for a bad file. Shared by the worker and in-process decoding. */
export async function runDecodeTask(task: DecodeTask): Promise<DecodeResult> {
  try {
    const pixels = await decodeBasePixels(task.path, task.spec, task.options);
    return { ok: true, pixels: finishSample(pixels, task.spec, task.augment, mulberry32(task.seed)) };
  } catch (error) {
    if (error instanceof BadImageError) return { ok: false, code: error.code, reason: error.reason };
    return { ok: false, code: 'decoder-failed', reason: `decoder error: ${error instanceof Error ? error.message : String(error)}` };
  }
}
