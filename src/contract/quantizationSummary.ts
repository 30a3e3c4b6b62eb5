import type { QuantizationReport } from './apiTypes';

const percent = (x: number | null) => `${((x ?? 0) * 100).toFixed(2)} %`;

/**
 * What an int8 export changed, in two lines: the size, and the accuracy on the run's validation images (or why
 * it was not measured). The CLI prints them; the Export screen shows them.
 */
export function quantizationSummary(report: QuantizationReport): [string, string] {
  const { float32Bytes, int8Bytes } = report.size;
  const size = `size: ${(float32Bytes / 1e6).toFixed(2)} MB float32 → ${(int8Bytes / 1e6).toFixed(2)} MB int8 (${(float32Bytes / int8Bytes).toFixed(2)}× smaller)`;
  const { images, float32Accuracy, int8Accuracy, runtime, unmeasured } = report.validation;
  if (unmeasured) return [size, unmeasured];
  if (float32Accuracy === null || int8Accuracy === null) return [size, 'accuracy: not measured (the run has no validation images)'];
  const change = (int8Accuracy - float32Accuracy) * 100;
  return [size, `accuracy on ${images} validation images (${runtime}): ${percent(float32Accuracy)} float32 → ${percent(int8Accuracy)} int8 (${change >= 0 ? '+' : ''}${change.toFixed(2)} points)`];
}
