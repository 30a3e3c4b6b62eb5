/**
 * The PyTorch engine: readable PyTorch code from a design, training in a Python child process (one
 * process or torchrun), weights between the engines, and exports (PyTorch, training bundle, and ONNX
 * through torch.onnx.export as a cross-check of our own writer in src/export/onnx).
 *
 * Entry points for the service:
 * - `detectTorch()` / `torchEngineStatus()` for `engines()`;
 * - `startPreparedTorchRun(run, { onEvent })` → `{ stop(), finished }` for a run `prepareRun` prepared;
 *   `startTorchRun({ runDir, graph, config, onEvent })` prepares one itself; omit graph and config to resume;
 * - `exportPytorch`, `exportPytorchBundle`, `exportOnnxViaTorch`, `exportTfjsModel`, `exportRunWeights`.
 * Only `export.ts` loads tfjs, and only inside `exportTfjsModel`.
 */
export { CodegenError, generateTorchModule, type TensorMapping, type TorchModule } from './codegen';
export { detectTorch, installCommand, torchEngineStatus, type PythonCandidate, type TorchDevice, type TorchStatus } from './detect';
export {
  copyRunMetadata,
  exportOnnxViaTorch,
  exportPytorch,
  exportPytorchBundle,
  exportRunWeights,
  exportTfjsModel,
  runEngine,
  runGraph,
  runWeightsAsTfjs,
  runWeightsAsTorch,
  TORCH_EXPORTS,
  writeTfjsModelFromTorchRun,
  type ExportResult,
  type ExportSource,
} from './export';
export { pythonAssetsDir, runnerScript, toolsScript } from './paths';
export { resumePreparedTorchRun, startPreparedTorchRun, startTorchRun, torchRunPaths, TorchRunError, type PreparedTorchRun, type TorchRun, type TorchRunOptions, type TorchRunResult } from './runner';
export { readSafetensors, writeSafetensors, type StoredTensor } from './safetensors';
export { readTfjsCheckpoint, readTfjsLayersModel, tfjsToTorch, torchToTfjs, WeightsError, type TfjsWeights } from './weights';
