import { z } from 'zod';
import { DataError } from './errors';

/** How every image is turned into a network input. */
export interface PreprocessSpec {
  /** Output height in pixels. */
  height: number;
  /** Output width in pixels. */
  width: number;
  /** 1 = greyscale, 3 = sRGB without alpha, 4 = sRGB with alpha. */
  channels: 1 | 3 | 4;
  /** 'crop': scale to cover, then centre-crop (keeps aspect); 'stretch': scale each axis to fit. */
  resize: 'crop' | 'stretch';
  /** Per-channel mean subtracted from values in 0..1; one entry per channel. */
  mean: number[];
  /** Per-channel standard deviation the result is divided by; one entry per channel, each > 0. */
  std: number[];
}

/** Largest accepted output side: keeps one decoded sample well under 200 MB. */
export const MAX_OUTPUT_SIDE = 4096;

/** Zod schema for a PreprocessSpec read from a file or a message. */
export const preprocessSpecSchema = z
  .object({
    height: z.number().int().min(1).max(MAX_OUTPUT_SIDE),
    width: z.number().int().min(1).max(MAX_OUTPUT_SIDE),
    channels: z.union([z.literal(1), z.literal(3), z.literal(4)]),
    resize: z.enum(['crop', 'stretch']),
    mean: z.array(z.number().finite()),
    std: z.array(z.number().finite().positive()),
  })
  .superRefine((spec, ctx) => {
    for (const key of ['mean', 'std'] as const) {
      if (spec[key].length !== spec.channels) {
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: `expected ${spec.channels} value(s), one per channel, but received ${spec[key].length}`,
        });
      }
    }
  });

/** Mean 0 and std 1 for every channel: values stay in 0..1. */
export function identityNormalisation(channels: 1 | 3 | 4): Pick<PreprocessSpec, 'mean' | 'std'> {
  return { mean: new Array<number>(channels).fill(0), std: new Array<number>(channels).fill(1) };
}

/**
 * Checks a spec and returns it; the message names the field, what was expected and what arrived.
 * @throws DataError
 */
export function assertPreprocessSpec(spec: PreprocessSpec): PreprocessSpec {
  const parsed = preprocessSpecSchema.safeParse(spec);
  if (parsed.success) return spec;
  const issue = parsed.error.issues[0];
  throw new DataError(`Invalid preprocessing spec, field "${issue.path.join('.')}": ${issue.message}`);
}

/** Number of float values in one decoded sample. */
export function sampleLength(spec: Pick<PreprocessSpec, 'height' | 'width' | 'channels'>): number {
  return spec.height * spec.width * spec.channels;
}
