import { detectTorch, installCommand, resumePreparedTorchRun, startPreparedTorchRun, TORCH_EXPORTS, TorchRunError, type TorchRun } from '../../torchRun';
import type { TrainEvent } from '../../contract/events';
import type { Engine } from '../engine';
import { ApiError, ERROR_CODES } from '../errors';
import type { JobManager } from '../jobs';

type EndEvent = Extract<TrainEvent, { type: 'end' }>;

/**
 * The PyTorch engine: runs in a Python process each (`startPreparedTorchRun`). A finished run gets a TF.js copy
 * of its model, written in a job process before its `end` is delivered, so that evaluation and prediction go
 * through the TF.js engine (`tfjs`) as for its own runs.
 */
export function torchEngine(onEvent: (runId: string, event: TrainEvent) => void, jobs: JobManager, tfjs: Pick<Engine, 'evaluate' | 'predict'>): Engine<'torch'> {
  const runs = new Map<string, TorchRun>();

  /** The run's TF.js copy, in a job process; a failure is told in the end's message, the training stands. */
  const withTfjsCopy = (runDir: string) => async (end: EndEvent): Promise<EndEvent> => {
    if (end.status !== 'completed' && end.status !== 'early-stopped') return end;
    try {
      await jobs.oneShot({ type: 'tfjsFromTorch', runDir });
      return end;
    } catch (error) {
      return { ...end, message: `trained, but the TF.js copy of the model failed: ${(error as Error).message}` };
    }
  };

  const track = async (runId: string, runDir: string, start: (hooks: { onEvent: (e: TrainEvent) => void; beforeEnd: (end: EndEvent) => Promise<EndEvent> }) => Promise<TorchRun>) => {
    if (runs.has(runId)) throw new ApiError(ERROR_CODES.BAD_REQUEST, `run ${runId} is already training`);
    try {
      // As for TF.js jobs, the run is over for whoever hears its end: they can resume it at once.
      const deliver = (event: TrainEvent) => {
        if (event.type === 'end') runs.delete(runId);
        onEvent(runId, event);
      };
      const run = await start({ onEvent: deliver, beforeEnd: withTfjsCopy(runDir) });
      runs.set(runId, run);
      void run.finished.finally(() => runs.delete(runId));
    } catch (error) {
      if (error instanceof TorchRunError) throw new ApiError(error.code === 'NO_TORCH' ? ERROR_CODES.UNSUPPORTED : ERROR_CODES.BAD_REQUEST, error.message);
      throw error;
    }
  };

  return {
    id: 'torch',
    start: (plan) => track(plan.runId, plan.runDir, (hooks) => startPreparedTorchRun(plan, hooks)),
    resume: (plan) => track(plan.runId, plan.runDir, (hooks) => resumePreparedTorchRun(plan, hooks)),
    stop: async (runId) => {
      const run = runs.get(runId);
      if (!run) throw new ApiError(ERROR_CODES.NOT_FOUND, `run ${runId} is not training`);
      await run.stop();
    },
    isRunning: (runId) => runs.has(runId),
    runningIds: () => [...runs.keys()],
    evaluate: (runDir, dataDir) => tfjs.evaluate(runDir, dataDir),
    predict: (runDir, images, topK) => tfjs.predict(runDir, images, topK),
    exports: ['pytorch', 'pytorch-bundle'],
    exportModel: async (runDir, format, outDir) => {
      if (format !== 'pytorch' && format !== 'pytorch-bundle') throw new ApiError(ERROR_CODES.BAD_REQUEST, `the PyTorch engine does not write ${format} exports`);
      const status = await detectTorch();
      if (!status.available) throw new ApiError(ERROR_CODES.UNSUPPORTED, `${format} export needs the PyTorch engine: ${status.reason ?? installCommand(status.python)}`);
      try {
        const written = await TORCH_EXPORTS[format](runDir, outDir);
        return { files: written.files, weights: written.trained };
      } catch (error) {
        throw new ApiError(ERROR_CODES.BAD_REQUEST, `${format} export failed: ${(error as Error).message}`);
      }
    },
    shutdown: async () => {
      await Promise.all([...runs.values()].map((run) => run.stop().catch(() => undefined)));
    },
  };
}
