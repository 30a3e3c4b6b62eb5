import { classifyFolder } from '../infer/classifyFolder';
import type { FolderPrediction } from '../contract/classification';
import type { SuspectsProgress } from '../contract/errorAnalysis';
import type { SkippedFile } from '../data';
import { evaluateFolder, evaluateSamples, predictImages, runValidationSamples } from '../infer/evaluateModel';
import { AUTO_RUNTIME, loadInferenceModel } from '../infer/loadInference';
import type { InferenceModel } from '../infer/inferenceModel';
import { fromJobMessage, toJobMessage, type FromJobMessage, type ToJobMessage } from '../contract/jobMessages';
import { ClassCountError } from './classCountError';
import type { RunHooks } from './run';
import { explainTrainingError } from './jobErrors';

/**
 * Entry of a training job process (`dist/node/job.mjs`), started by the service with an IPC channel.
 * Stopping is a message or SIGINT/SIGTERM: the job checkpoints after the current batch, then exits. Any other job
 * (a learning-rate test, an evaluation, a speed measurement…) ends at once when its service goes: nobody is left to
 * read its answer (seen: a learning-rate job that kept a core busy for 25 minutes after its server was killed).
 */
let stopRequested = false;
let training = false;
/** Set when the job closes the channel itself, after its answer. */
let leaving = false;
/** A kept Grad-CAM job's handler, once the job serves a run. */
let serving: ((message: Extract<ToJobMessage, { type: 'gradCamServe' | 'gradCamRequest' }>) => void) | null = null;

/** Runs `work` with a model and closes it (an ONNX Runtime process ends with it) whatever happens. */
async function closing<T>(model: InferenceModel, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } finally {
    await model.close();
  }
}
const send = (message: FromJobMessage) => {
  const checked = fromJobMessage.parse(message);
  process.send?.(checked);
};

const serviceGone = () => {
  stopRequested = true;
  if (!training && !leaving) process.exit();
};
process.on('SIGINT', serviceGone);
process.on('SIGTERM', serviceGone);
process.on('disconnect', serviceGone);

process.on('message', (raw) => {
  const parsed = toJobMessage.safeParse(raw);
  if (!parsed.success) {
    // Answered, so that the service is not left waiting for a job that will never start.
    const issue = parsed.error.issues[0];
    send({ type: 'error', message: `the job got a message outside its schema: ${issue?.path.join('.') || '(root)'}: ${issue?.message}` });
    process.exitCode = 1;
    leaving = true;
    process.disconnect?.();
    return;
  }
  const message = parsed.data;
  if (message.type === 'stop') {
    stopRequested = true;
    return;
  }
  if (message.type === 'gradCamServe' || message.type === 'gradCamRequest') {
    void import('../infer/gradCamServing').then(({ gradCamServing }) => (serving ??= gradCamServing(send))(message));
    return;
  }
  void (async () => {
    try {
      if (message.type === 'evaluate') {
        const { model, choice } = await loadInferenceModel(message.runDir, message.inference ?? AUTO_RUNTIME);
        const result = await closing(model, async () => {
          if (message.dataDir) return evaluateFolder(model, message.dataDir);
          const { samples, skipped } = await runValidationSamples(message.runDir, model.classes);
          return evaluateSamples(model, samples, 32, skipped);
        });
        send({ type: 'result', result: { ...result, inference: choice } });
        return;
      }
      if (message.type === 'findLr') {
        const { findLearningRate } = await import('./lrFinder');
        send({ type: 'result', result: await findLearningRate({ graph: message.graph, config: message.config }) });
        return;
      }
      if (message.type === 'exportTfjs') {
        const { exportTfjsModel } = await import('../export/tfjsModel');
        const { files } = await exportTfjsModel(message.runDir, message.outDir);
        send({ type: 'result', result: { files } });
        return;
      }
      if (message.type === 'tfjsFromTorch') {
        const { writeTfjsModelFromTorchRun } = await import('../export/tfjsModel');
        await writeTfjsModelFromTorchRun(message.runDir);
        send({ type: 'result', result: {} });
        return;
      }
      if (message.type === 'classify') {
        // Each batch's rows go out with the files skipped since the previous message.
        const skipped: SkippedFile[] = [];
        let rows: FolderPrediction[] = [];
        const { model, choice } = await loadInferenceModel(message.runDir, message.inference ?? AUTO_RUNTIME);
        const summary = await closing(model, () => classifyFolder(model, message.folder, {
          topK: message.topK,
          batchSize: message.batchSize,
          onSkip: (file) => skipped.push(file),
          onRows: (batch) => (rows = batch),
          onProgress: (progress) => {
            send({ type: 'classified', rows, skipped: skipped.splice(0), progress });
            rows = [];
          },
          shouldStop: () => stopRequested,
        }));
        send({ type: 'result', result: { ...summary, inference: choice, peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024) } });
        return;
      }
      if (message.type === 'speed') {
        const { measureTfjsSpeed } = await import('./speedProbe');
        send({ type: 'result', result: await measureTfjsSpeed(message.graph, message) });
        return;
      }
      if (message.type === 'gradCam') {
        const { runGradCam } = await import('../infer/gradCamRun');
        send({ type: 'result', result: await runGradCam(message.runDir, message.image, message.options) });
        return;
      }
      if (message.type === 'featureMaps') {
        const { runFeatureMaps } = await import('../infer/featureMapsRun');
        send({ type: 'result', result: await runFeatureMaps(message.runDir, message.image, message.options) });
        return;
      }
      if (message.type === 'topLosses') {
        const { runTopLosses } = await import('../infer/topLossesRun');
        send({ type: 'result', result: await runTopLosses(message.runDir, message.limit) });
        return;
      }
      if (message.type === 'suspects') {
        const { findSuspects } = await import('./suspects');
        const engine = { engine: message.engine, reason: message.engineReason };
        const onProgress = (progress: SuspectsProgress) => send({ type: 'suspectsProgress', progress });
        send({ type: 'result', result: await findSuspects(message.runDir, message.options, engine, () => stopRequested, onProgress) });
        return;
      }
      if (message.type === 'predict') {
        const { model } = await loadInferenceModel(message.runDir, message.inference ?? AUTO_RUNTIME);
        send({ type: 'result', result: await closing(model, () => predictImages(model, message.images, message.topK)) });
        return;
      }
      const hooks: RunHooks = { onEvent: (event) => send({ type: 'event', event }), shouldStop: () => stopRequested };
      const { runDir, graph, config, fixClasses, prepared } = message;
      training = true;
      const { trainPreparedRun } = await import('./run');
      const result = await trainPreparedRun({ runDir, graph, config, fixClasses, ...prepared }, hooks);
      send({ type: 'done', status: result.status });
      process.exitCode = 0;
    } catch (error) {
      send({ type: 'error', message: explainTrainingError((error as Error).message), code: error instanceof ClassCountError ? 'CLASS_COUNT' : undefined });
      process.exitCode = 1;
    } finally {
      leaving = true;
      process.disconnect?.();
    }
  })();
});
