import { stat } from 'node:fs/promises';
import path from 'node:path';
import { runPaths } from '../../io/runFolder';
import type { InferenceOptions } from '../../contract/inference';
import type { TfjsEngine } from '../engine';
import { ApiError, ERROR_CODES } from '../errors';
import type { JobManager } from '../jobs';

/** The TF.js engine: every run, evaluation, prediction and export in a job process (`JobManager`). */
/** `inference`: the runtime evaluation and prediction run on (our ONNX export or the TF.js model), and its measurements' cache. */
export function tfjsEngine(jobs: JobManager, inference: InferenceOptions): TfjsEngine {
  return {
    id: 'tfjs',
    start: async (plan) => {
      const { runId, runDir, graph, config, fixClasses, classes } = plan;
      jobs.startTraining(runId, { type: 'start', runDir, graph, config, fixClasses, prepared: { classes, resume: false } });
    },
    resume: async (plan) => {
      const { runId, runDir, graph, config, classes } = plan;
      jobs.startTraining(runId, { type: 'start', runDir, graph, config, fixClasses: false, prepared: { classes, resume: true } });
    },
    stop: (runId) => jobs.stopTraining(runId),
    isRunning: (runId) => jobs.isRunning(runId),
    runningIds: () => jobs.runningIds(),
    evaluate: (runDir, dataDir) => jobs.oneShot({ type: 'evaluate', runDir, dataDir, inference }),
    predict: (runDir, images, topK) => jobs.oneShot({ type: 'predict', runDir, images, topK, inference }),
    exports: ['tfjs'],
    exportModel: async (runDir, _format, outDir) => {
      if (!(await stat(path.join(runPaths(runDir).model, 'model.json')).catch(() => null))) {
        throw new ApiError(ERROR_CODES.BAD_REQUEST, `run ${path.basename(runDir)} has no trained model yet: let it finish, or resume it`);
      }
      return { ...(await jobs.oneShot({ type: 'exportTfjs', runDir, outDir })), weights: true };
    },
    findLearningRate: (graph, config) => jobs.oneShot({ type: 'findLr', graph, config }),
    shutdown: () => jobs.shutdown(),
  };
}
