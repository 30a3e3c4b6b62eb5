/**
 * ONNX in int8 (static QDQ form), calibrated on a run's images, written by our own code (no Python):
 * `writeOnnxInt8(runDir, outDir)`. See docs/exports.md.
 */
export { QUANTIZABLE_KINDS } from './insertQdq';
export { ORT_RUNNER_NAME } from './ortProcess';
export { accuracyChange, QUANTIZATION_FILE, type QuantizationReport } from './report';
export { type OnnxInt8Options, type OnnxInt8Result, writeOnnxInt8 } from './writeOnnxInt8';
