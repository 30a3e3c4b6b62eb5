import { z } from 'zod';

/** One of an image's most probable classes. */
export const topClassSchema = z.object({ label: z.string(), probability: z.number() });

/** A file left out (unreadable, not an image, …): its path, a stable code and a readable reason. */
export const skippedFileSchema = z.object({ path: z.string(), code: z.string(), reason: z.string() });
export type SkippedFileReport = z.infer<typeof skippedFileSchema>;

/** Top-k classes with probabilities for one image file; a file that cannot be read gets an error instead. */
export interface Prediction { path: string; top: { label: string; probability: number }[]; error?: string }

export interface ClassMetrics { name: string; support: number; precision: number | null; recall: number | null }

export interface EvaluationMetrics {
  count: number;
  accuracy: number;
  top5: number;
  loss: number;
  /** confusion[true][predicted] */
  confusion: number[][];
  perClass: ClassMetrics[];
}

/** A trained model's metrics on an image folder (`evaluateRun`), with the images behind each cell. */
export interface FolderEvaluation extends EvaluationMetrics {
  classes: string[];
  skipped: SkippedFileReport[];
  /** Class folders of the evaluated folder that the model does not know; their images are left out. */
  unknownClasses: string[];
  /** The most confidently wrong images, most confident first. */
  confidentlyWrong: { path: string; label: string; predicted: string; probability: number }[];
  /** cells[true][predicted]: up to CELL_EXAMPLES images of that cell, most confident first. */
  cells: { path: string; probability: number }[][][];
}
