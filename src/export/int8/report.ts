import type { QuantizationReport } from '../../contract/apiTypes';

export type { QuantizationReport };

/** The file an int8 export writes beside its model: what the quantization cost and saved. */
export const QUANTIZATION_FILE = 'quantization.json';

const percent = (x: number | null) => (x === null ? 'n/a' : `${(x * 100).toFixed(2)} %`);
const megabytes = (bytes: number) => `${(bytes / 1e6).toFixed(2)} MB`;

/** Accuracy change in points (int8 − float32), or null without validation images. */
export function accuracyChange(report: QuantizationReport): number | null {
  const { float32Accuracy: f, int8Accuracy: q } = report.validation;
  return f === null || q === null ? null : (q - f) * 100;
}

const METHODS = {
  onnx: (images: string) => [
    `Static quantization in ONNX's QDQ form: int8 weights with one scale per output channel (BatchNorm folded into its convolution first),`,
    `int32 biases, uint8 activations whose ranges were calibrated on ${images}.`,
  ],
  tflite: (images: string) => [
    'Full-integer int8: per-channel symmetric int8 kernels (BatchNorm folded into its convolution first, ReLU fused into it), int32 biases,',
    `int8 activations whose ranges were calibrated on ${images}; float32 input and output.`,
  ],
} as const;

/** The model card's section on the quantization of an ONNX (QDQ) or a TFLite (full-integer) export. */
export function quantizationSection(report: QuantizationReport, format: keyof typeof METHODS = 'onnx'): string {
  const change = accuracyChange(report);
  const { float32Bytes, int8Bytes } = report.size;
  const lines = [
    '## int8 quantization',
    '',
    ...METHODS[format](`${report.calibration.images} images from ${report.calibration.source}`),
    '',
    '| | float32 | int8 | change |',
    '| --- | ---: | ---: | ---: |',
    `| size | ${megabytes(float32Bytes)} | ${megabytes(int8Bytes)} | ${(float32Bytes / int8Bytes).toFixed(2)}× smaller |`,
    `| validation accuracy (${report.validation.images} images) | ${percent(report.validation.float32Accuracy)} | ${percent(report.validation.int8Accuracy)} | ${change === null ? 'n/a' : `${change >= 0 ? '+' : ''}${change.toFixed(2)} points`} |`,
    '',
    report.validation.unmeasured ?? `Both classified the validation images in ${report.validation.runtime}; int8 and float32 pick the same class for ${percent(report.validation.agreement)} of them.`,
  ];
  if (report.warnings.length) lines.push('', 'Left in float32:', '', ...report.warnings.map((w) => `- ${w}`));
  return lines.join('\n');
}
