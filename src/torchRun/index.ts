/**
 * The PyTorch engine: readable PyTorch code from a design, training in a Python child process (one
 * process or torchrun), weights between the engines, and exports (PyTorch, training bundle, and ONNX
 * through torch.onnx.export as a cross-check of our own writer in src/export/onnx).
 *
 * Entry points for the service:
 * - `detectTorch()` / `torchEngineStatus()` for `engines()`;
 * - `startPreparedTorchRun(run, { onEvent })` → `{ stop(), finished }` for a run `prepareRun` prepared,
 *   `resumePreparedTorchRun(run, { onEvent })` for one `resumePlan` read back;
 * - `exportPytorch`, `exportPytorchBundle`, `exportOnnxViaTorch`, `exportRunWeights`.
 * Nothing here loads tfjs: a run's TF.js model is written by src/export/tfjsModel.ts.
 */
export { CodegenError, generateTorchModule, type TensorMapping, type TorchModule } from '../torch/codegen';
export { detectTorch, installCommand, torchEngineStatus, type PythonCandidate, type TorchDevice, type TorchStatus } from '../torch/detect';
export { exportOnnxViaTorch, exportPytorch, exportPytorchBundle, exportRunWeights, TORCH_EXPORTS } from './export';
export { runEngine, runGraph, runWeightsAsTfjs, runWeightsAsTorch } from '../torch/runWeights';
export { pythonAssetsDir, runnerScript, toolsScript } from '../torch/paths';
export { resumePreparedTorchRun, startPreparedTorchRun, torchRunPaths, TorchRunError, type PreparedTorchRun, type TorchRun, type TorchRunOptions, type TorchRunResult } from './runner';
export { readSafetensors, writeSafetensors, type StoredTensor } from '../torch/safetensors';
export { readTfjsCheckpoint, readTfjsLayersModel, tfjsToTorch, torchToTfjs, WeightsError, type TfjsWeights } from '../torch/weights';
