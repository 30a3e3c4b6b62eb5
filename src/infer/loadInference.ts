import { installedBackends } from '../backend/detect';
import type { InferenceChoice, InferenceOptions, InferenceRuntime } from '../contract/inference';
import { runGraph } from '../torch/runWeights';
import type { InferenceModel } from './inferenceModel';
import { onnxInference, ONNX_TITLE, tfjsTitle } from './runtimes';
import { cachedChoice, chooseRuntime, rememberTitles } from './runtimeChoice';

/** Where nothing is said: measure once per machine and design size, and take the faster. */
export const AUTO_RUNTIME: InferenceOptions = { runtime: 'auto', cacheFile: null };

/** A run's TF.js model; TF.js loads here, on first use (about half a second), never for a job on ONNX Runtime. */
async function openTfjs(runDir: string): Promise<InferenceModel> {
  const [{ tfjsInference }, { loadRunModel }] = await Promise.all([import('./tfjsInference'), import('./runModel')]);
  return tfjsInference(await loadRunModel(runDir));
}

/** The runtimes' titles as they load here: TF.js's names its backend, so this starts TF.js. */
async function loadedTitles(): Promise<Record<InferenceRuntime, string>> {
  const [{ initBackend }, tf] = await Promise.all([import('../backend/select'), import('@tensorflow/tfjs')]);
  await initBackend();
  return { onnx: ONNX_TITLE, tfjs: tfjsTitle(tf.getBackend()) };
}

/**
 * A finished run's model (either engine's, or an imported one) on the inference runtime asked for, or on the
 * fastest measured here (`auto`), with the choice explained.
 * @example const { model, choice } = await loadInferenceModel(runDir, { runtime: 'auto', cacheFile });
 */
export async function loadInferenceModel(runDir: string, options: InferenceOptions = AUTO_RUNTIME): Promise<{ model: InferenceModel; choice: InferenceChoice }> {
  const open: Record<InferenceRuntime, () => Promise<InferenceModel>> = {
    onnx: () => onnxInference(runDir),
    tfjs: () => openTfjs(runDir),
  };
  if (options.runtime !== 'auto') {
    const model = await open[options.runtime]();
    return { model, choice: { runtime: model.runtime, title: model.title, reason: `${model.title}: asked for (runtime ${options.runtime})`, measured: [], cached: false, measuredAt: null } };
  }
  const graph = await runGraph(runDir).catch((error: Error) => error);
  if (graph instanceof Error) {
    // No design to write ONNX from (a model folder from before runs kept graph.json): its TF.js model is all there is.
    const model = await open.tfjs();
    return { model, choice: { runtime: 'tfjs', title: model.title, reason: `${model.title}: the only runtime for this run (${graph.message})`, measured: [], cached: false, measuredAt: null } };
  }
  const cache = options.cacheFile ? { file: options.cacheFile, installed: installedBackends() } : null;
  if (cache) {
    // A cached choice of ONNX Runtime opens it alone; TF.js's title, part of the cache key, as it loaded before.
    const cached = await cachedChoice(graph, cache.file, cache.installed);
    if (cached?.runtime === 'onnx') {
      try {
        return { model: await open.onnx(), choice: cached };
      } catch {
        // ONNX Runtime cannot open this run's model (a design ONNX cannot express): measured below.
      }
    }
  }
  const titles = await loadedTitles();
  if (cache) await rememberTitles(cache.file, cache.installed, titles);
  return chooseRuntime({ graph, cacheFile: options.cacheFile, open, titles });
}
