import { mkdir } from 'node:fs/promises';
import { readRunSplit, type PreprocessSpec } from '../../data';
import type { QuantizationReport } from './report';
import { spread } from './calibrationFiles';
import { decodeToBatches, type BatchFile } from './imageBatches';

/** The run's validation images decoded into batch files, and each one's class as the model numbers its outputs. */
export interface ValidationBatches { batches: BatchFile[]; truth: number[] }

/** The model's output index of a split label: the same, unless the model's labels order the classes otherwise. */
function labelIndex(label: number, classes: readonly string[], labels: readonly string[] | null): number {
  if (!labels) return label;
  const index = labels.indexOf(classes[label]);
  return index >= 0 ? index : label;
}

/** Decodes up to `most` (all by default) of the run's validation images (split.json), evenly spread, into batch files under `dir`. */
export async function validationBatches(runDir: string, spec: PreprocessSpec, labels: readonly string[] | null, dir: string, most = Infinity): Promise<ValidationBatches> {
  const split = await readRunSplit(runDir);
  const validation = spread(split?.validation ?? [], most);
  await mkdir(dir, { recursive: true });
  const decoded = await decodeToBatches(validation.map((s) => s.path), spec, dir);
  return { batches: decoded.batches, truth: decoded.used.map((i) => labelIndex(validation[i].label, split!.classes, labels)) };
}

/** float32 and int8 accuracy and their agreement, from each one's predicted class per validation image. */
export function validationAccuracy(truth: number[], float32: number[], int8: number[], runtime: string): QuantizationReport['validation'] {
  const accuracy = (predicted: number[]) => (truth.length ? predicted.filter((p, i) => p === truth[i]).length / truth.length : null);
  return {
    images: truth.length,
    float32Accuracy: accuracy(float32),
    int8Accuracy: accuracy(int8),
    agreement: truth.length ? int8.filter((p, i) => p === float32[i]).length / truth.length : null,
    runtime,
  };
}

/** The validation part of a report without accuracies, saying why in `unmeasured`. */
export function unmeasuredValidation(images: number, runtime: string, why: string): QuantizationReport['validation'] {
  return { images, float32Accuracy: null, int8Accuracy: null, agreement: null, runtime, unmeasured: why };
}

