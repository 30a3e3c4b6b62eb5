import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../backend/select';
import type { InferenceChoice, InferenceOptions, InferenceRuntime } from '../contract/inference';
import { runGraph } from '../torch/runWeights';
import type { InferenceModel } from './inferenceModel';
import { onnxInference, ONNX_TITLE, tfjsInference, tfjsTitle } from './runtimes';
import { chooseRuntime } from './runtimeChoice';
import { loadRunModel } from './runModel';

/** Where nothing is said: measure once per machine and design size, and take the faster. */
export const AUTO_RUNTIME: InferenceOptions = { runtime: 'auto', cacheFile: null };

/**
 * A finished run's model (either engine's, or an imported one) on the inference runtime asked for, or on the
 * fastest measured here (`auto`), with the choice explained.
 * @example const { model, choice } = await loadInferenceModel(runDir, { runtime: 'auto', cacheFile });
 */
export async function loadInferenceModel(runDir: string, options: InferenceOptions = AUTO_RUNTIME): Promise<{ model: InferenceModel; choice: InferenceChoice }> {
  const open: Record<InferenceRuntime, () => Promise<InferenceModel>> = {
    onnx: () => onnxInference(runDir),
    tfjs: async () => tfjsInference(await loadRunModel(runDir)),
  };
  if (options.runtime !== 'auto') {
    const model = await open[options.runtime]();
    return { model, choice: { runtime: model.runtime, title: model.title, reason: `${model.title}: asked for (runtime ${options.runtime})`, measured: [], cached: false, measuredAt: null } };
  }
  await initBackend();
  const graph = await runGraph(runDir).catch((error: Error) => error);
  if (graph instanceof Error) {
    // No design to write ONNX from (a model folder from before runs kept graph.json): its TF.js model is all there is.
    const model = await open.tfjs();
    return { model, choice: { runtime: 'tfjs', title: model.title, reason: `${model.title}: the only runtime for this run (${graph.message})`, measured: [], cached: false, measuredAt: null } };
  }
  return chooseRuntime({ graph, cacheFile: options.cacheFile, open, titles: { onnx: ONNX_TITLE, tfjs: tfjsTitle(tf.getBackend()) } });
}
