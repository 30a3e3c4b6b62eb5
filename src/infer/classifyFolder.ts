import { batches, countImageFiles, DecodePool, walkImageFiles, type Sample, type SkippedFile } from '../data';
import { NO_AUGMENT } from '../contract/augment';
import { topK } from './metrics';
import type { InferenceModel } from './inferenceModel';
import { pipelined } from './pipelined';
import type { ClassifyProgress, ClassifySummary, FolderPrediction } from '../contract/classification';

export interface ClassifyOptions {
  /** Classes kept per image (default 5). */
  topK?: number;
  /** Images per model call (default 32). */
  batchSize?: number;
  /** Batches in the model at once (default 2: the next one crosses to the ONNX Runtime process while one runs). */
  inFlight?: number;
  /** Images walked ahead of the model at most (default 1024): bounds memory whatever the folder size. */
  chunkSize?: number;
  /** Decode worker threads (default: one per core). */
  workers?: number;
  /** Each batch's results, in walk order, as soon as they exist. */
  onRows?: (rows: FolderPrediction[]) => void;
  onSkip?: (file: SkippedFile) => void;
  onProgress?: (progress: ClassifyProgress) => void;
  shouldStop?: () => boolean;
}

/**
 * Classifies every image under a folder (any depth) with a trained model, streaming: the walk feeds
 * chunks of paths to the worker-thread decoder, batches go through the model, and each batch's
 * results go to `onRows` and are dropped. Files that cannot be decoded go to `onSkip`; none is fatal.
 * @example await classifyFolder(trained, '/photos', { onRows: (rows) => rows.forEach(writeCsvRow) });
 */
export async function classifyFolder(trained: InferenceModel, folder: string, options: ClassifyOptions = {}): Promise<ClassifySummary> {
  const { classes, spec } = trained;
  const k = Math.min(options.topK ?? 5, classes.length);
  const batchSize = options.batchSize ?? 32;
  const depth = options.inFlight ?? 2;
  const chunkSize = Math.max(batchSize, options.chunkSize ?? 1024);
  const started = performance.now();
  let total: number | null = null;
  let done = 0;
  let skipped = 0;
  let stopped = false;
  const counting = countImageFiles(folder).then((n) => (total = n), () => undefined);
  const skip = (file: SkippedFile) => {
    skipped++;
    options.onSkip?.(file);
  };
  const rate = () => done / Math.max(1e-3, (performance.now() - started) / 1000);

  const pool = await DecodePool.create({ workers: options.workers });
  const classifyChunk = async (chunk: Sample[]) => {
    for await (const { batch, p } of pipelined(trained, batches(chunk, { batchSize, spec, augment: NO_AUGMENT, pool, onSkip: skip }), depth)) {
      const rows: FolderPrediction[] = [];
      for (let i = 0; i < batch.size; i++) {
        const row = p.subarray(i * classes.length, (i + 1) * classes.length);
        rows.push({ path: batch.paths[i], top: topK(row, k).map((c) => ({ label: classes[c], probability: row[c] })) });
      }
      done += rows.length;
      options.onRows?.(rows);
      options.onProgress?.({ done, skipped, total, imagesPerSecond: rate() });
      if (options.shouldStop?.()) return false;
    }
    return true;
  };

  try {
    let chunk: Sample[] = [];
    for await (const entry of walkImageFiles(folder)) {
      if (entry.kind === 'skipped') skip(entry.file);
      else chunk.push({ path: entry.path, label: 0 });
      if (chunk.length === chunkSize) {
        if (!(await classifyChunk(chunk))) {
          stopped = true;
          break;
        }
        chunk = [];
      }
    }
    if (!stopped && chunk.length) stopped = !(await classifyChunk(chunk));
  } finally {
    await pool.close();
  }
  if (!stopped) await counting;
  options.onProgress?.({ done, skipped, total, imagesPerSecond: rate() });
  const seconds = (performance.now() - started) / 1000;
  return { folder, images: done, skipped, seconds, imagesPerSecond: done / Math.max(1e-3, seconds), stopped };
}
