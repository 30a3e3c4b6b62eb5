/**
 * ONNX written by our own code from a design and its weights (no Python): `writeOnnx(runDirOrDesign, outDir)`.
 * See docs/export-onnx.md for what is written and the operator of each node kind.
 */
export { OnnxExportError, type OnnxProblem } from './errors';
export { assertOnnxExportable, buildOnnxModel, GRAPH_OUTPUT, ONNX_OPSET } from './model';
export { GRAPH_INPUT } from './operators';
export { ONNX_FILE, writeOnnx } from './writeOnnx';
