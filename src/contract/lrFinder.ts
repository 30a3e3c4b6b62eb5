import { z } from 'zod';
import { jsonNumber } from './jsonNumber';

/** One step of a learning-rate range test: the rate used and the loss it gave. */
export const lrPointSchema = z.object({
  lr: z.number(),
  loss: jsonNumber,
  /** The loss smoothed over the steps before (an exponential average with bias correction). */
  smoothed: jsonNumber,
});
export type LrPoint = z.infer<typeof lrPointSchema>;

/** What a range test suggests, and why. */
export const lrSuggestionSchema = z.object({
  /** The rate of the lowest smoothed loss. */
  lowest: jsonNumber,
  /**
   * Where the smoothed loss fell fastest per decade of rate, looked for in the two decades below
   * `lowest` (earlier falls are the first steps settling, not the rate); null when it never fell there.
   */
  steepest: jsonNumber.nullable(),
  /** The suggestion: a tenth of `lowest` (Leslie Smith's rule of thumb), which noise moves least. */
  suggested: jsonNumber,
});
export type LrSuggestion = z.infer<typeof lrSuggestionSchema>;

/** The answer of `findLearningRate`: the loss at each rate and a suggested rate. */
export const lrFinderResultSchema = lrSuggestionSchema.extend({
  points: z.array(lrPointSchema),
  /** True when the loss blew up (over 4× its lowest, or not finite) before the last step. */
  diverged: z.boolean(),
  backend: z.string(),
});
export type LrFinderResult = z.infer<typeof lrFinderResultSchema>;
