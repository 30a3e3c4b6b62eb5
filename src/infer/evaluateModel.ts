// Prediction and evaluation on any inference runtime: nothing here loads TF.js, so a job on ONNX Runtime never does.
import { batches, DecodePool, decodeImage, readRunSplit, scanImageFolder, splitForRun, splitOptionsOf, type Sample, type SkippedFile } from '../data';
import { NO_AUGMENT } from '../contract/augment';
import { parseTrainConfig } from '../contract/runConfig';
import { readJson, runPaths } from '../io/runFolder';
import { MetricsAccumulator, topK } from './metrics';
import type { FolderEvaluation, Prediction } from '../contract/evaluation';
import type { InferenceModel } from './inferenceModel';
import { pipelined } from './pipelined';

/** Top-k classes with probabilities for each image file; a file that cannot be read gets an error instead. */
export async function predictImages(trained: InferenceModel, files: string[], k = 5): Promise<Prediction[]> {
  const { classes, spec } = trained;
  const results: Prediction[] = [];
  for (const file of files) {
    try {
      const p = await trained.probabilities(await decodeImage(file, spec, NO_AUGMENT), 1);
      results.push({ path: file, top: topK(p, Math.min(k, classes.length)).map((i) => ({ label: classes[i], probability: p[i] })) });
    } catch (error) {
      results.push({ path: file, top: [], error: (error as Error).message });
    }
  }
  return results;
}

const CELL_EXAMPLES = 24;

/** Accuracy, top-5, per-class precision and recall and the confusion matrix of a model on an image folder. */
export async function evaluateFolder(trained: InferenceModel, dir: string, batchSize = 32): Promise<FolderEvaluation> {
  const scan = await scanImageFolder(dir);
  const index = new Map(trained.classes.map((c, i) => [c, i]));
  const unknownClasses = scan.classes.map((c) => c.name).filter((name) => !index.has(name));
  const samples = scan.samples
    .map((s) => ({ path: s.path, label: index.get(scan.classes[s.label].name) ?? -1 }))
    .filter((s) => s.label >= 0);
  return { ...(await evaluateSamples(trained, samples, batchSize, scan.skipped)), unknownClasses };
}

/** The same metrics over given samples (labels are indices into the model's classes). */
export async function evaluateSamples(
  trained: InferenceModel,
  samples: Sample[],
  batchSize = 32,
  alreadySkipped: SkippedFile[] = [],
  /** Batches in the model at once: the next one crosses to an ONNX Runtime process while one runs. */
  inFlight = 2,
): Promise<FolderEvaluation> {
  const { classes, spec } = trained;
  const unknownClasses: string[] = [];
  const cells = classes.map(() => classes.map(() => [] as { path: string; probability: number }[]));
  const skipped: SkippedFile[] = [...alreadySkipped];
  const metrics = new MetricsAccumulator(classes);
  const wrong: FolderEvaluation['confidentlyWrong'] = [];
  const pool = await DecodePool.create();
  try {
    for await (const { batch, p } of pipelined(trained, batches(samples, { batchSize, spec, augment: NO_AUGMENT, pool, onSkip: (f) => skipped.push(f) }), inFlight)) {
      metrics.add(p, batch.y);
      for (let i = 0; i < batch.size; i++) {
        const row = p.slice(i * classes.length, (i + 1) * classes.length);
        const predicted = topK(row, 1)[0];
        const cell = cells[batch.y[i]][predicted];
        cell.push({ path: batch.paths[i], probability: row[predicted] });
        if (cell.length > 2 * CELL_EXAMPLES) cell.sort((a, b) => b.probability - a.probability).splice(CELL_EXAMPLES);
        if (predicted !== batch.y[i]) {
          wrong.push({ path: batch.paths[i], label: classes[batch.y[i]], predicted: classes[predicted], probability: row[predicted] });
        }
      }
      wrong.sort((a, b) => b.probability - a.probability).splice(20);
    }
  } finally {
    await pool.close();
  }
  for (const row of cells) for (const cell of row) cell.sort((a, b) => b.probability - a.probability).splice(CELL_EXAMPLES);
  return { ...metrics.result(), classes, skipped, unknownClasses, confidentlyWrong: wrong, cells };
}

/** The run's own held-out validation images, split exactly as training split them. */
export async function runValidationSamples(runDir: string, classes: string[]): Promise<{ samples: Sample[]; skipped: SkippedFile[] }> {
  // A run's split.json holds the lists either engine trained on; a run from before it is split again as the TF.js engine split it.
  const split = (await readRunSplit(runDir)) ?? (await splitForRun(splitOptionsOf(parseTrainConfig(await readJson(runPaths(runDir).config)))));
  const index = new Map(classes.map((c, i) => [c, i]));
  const samples = split.validation
    .map((s) => ({ path: s.path, label: index.get(split.classes[s.label]) ?? -1 }))
    .filter((s) => s.label >= 0);
  return { samples, skipped: split.skipped };
}
