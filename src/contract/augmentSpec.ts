import { z } from 'zod';

/** Random training-time changes to each image; each field 0/false turns that change off. */
export interface AugmentSpec {
  /** Random shift of up to this many pixels each way, filling with 0 (as pad-then-random-crop). */
  cropPadding: number;
  /** Mirror left-right with probability 1/2. */
  flip: boolean;
  /** Rotate by up to ± this many degrees. */
  rotation: number;
  /** Zoom by a factor in [1 − scale, 1 + scale]. */
  scale: number;
  /** Change brightness, contrast and saturation each by a factor in [1 − colorJitter, 1 + colorJitter]. */
  colorJitter: number;
}

/** No augmentation: decoding is then a pure function of the file. */
export const NO_AUGMENT: Readonly<AugmentSpec> = Object.freeze({ cropPadding: 0, flip: false, rotation: 0, scale: 0, colorJitter: 0 });

/** Zod schema for an AugmentSpec read from a file or a message. */
export const augmentSpecSchema = z.object({
  cropPadding: z.number().int().min(0).max(1024),
  flip: z.boolean(),
  rotation: z.number().min(0).max(180),
  scale: z.number().min(0).max(0.9),
  colorJitter: z.number().min(0).max(1),
});
