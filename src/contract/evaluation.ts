import { z } from 'zod';
import { jsonNumber } from './jsonNumber';
import { inferenceChoiceSchema } from './inference';
import { skippedFileSchema } from './skippedFiles';

/** One of an image's most probable classes. */
export const topClassSchema = z.object({ label: z.string(), probability: jsonNumber });

export { skippedFileSchema } from './skippedFiles';
export type { SkippedFile as SkippedFileReport } from './skippedFiles';

/** Top-k classes with probabilities for one image file; a file that cannot be read gets an error instead. */
export const predictionSchema = z.object({ path: z.string(), top: z.array(topClassSchema), error: z.string().optional() });
export type Prediction = z.infer<typeof predictionSchema>;

export const classMetricsSchema = z.object({ name: z.string(), support: z.number(), precision: jsonNumber.nullable(), recall: jsonNumber.nullable() });
export type ClassMetrics = z.infer<typeof classMetricsSchema>;

export const evaluationMetricsSchema = z.object({
  count: z.number(),
  accuracy: jsonNumber,
  top5: jsonNumber,
  loss: jsonNumber,
  /** confusion[true][predicted] */
  confusion: z.array(z.array(z.number())),
  perClass: z.array(classMetricsSchema),
});
export type EvaluationMetrics = z.infer<typeof evaluationMetricsSchema>;

const imageProbability = z.object({ path: z.string(), probability: jsonNumber });

/** A trained model's metrics on an image folder (`evaluateRun`), with the images behind each cell. */
export const folderEvaluationSchema = evaluationMetricsSchema.extend({
  classes: z.array(z.string()),
  skipped: z.array(skippedFileSchema),
  /** Class folders of the evaluated folder that the model does not know; their images are left out. */
  unknownClasses: z.array(z.string()),
  /** The most confidently wrong images, most confident first. */
  confidentlyWrong: z.array(z.object({ path: z.string(), label: z.string(), predicted: z.string(), probability: jsonNumber })),
  /** cells[true][predicted]: the most confident images of that cell, most confident first. */
  cells: z.array(z.array(z.array(imageProbability))),
  /** The runtime the images went through, and why (absent in results from before the choice). */
  inference: inferenceChoiceSchema.optional(),
});
export type FolderEvaluation = z.infer<typeof folderEvaluationSchema>;

/** Top-5 accuracy says something only when a model has more than five classes to choose from. */
export const TOP_FIVE_MIN_CLASSES = 6;

/** True when top-5 accuracy is worth showing for a model with `classes` classes (with five or fewer it is always 100 %). */
export const showsTopFive = (classes: number): boolean => classes >= TOP_FIVE_MIN_CLASSES;
