import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { Suspects, SuspectsOptions } from '../contract/errorAnalysis';
import { detectTorch, runEngine, startTorchRun, type TorchRun } from '../torch';
import { planSuspectFolds, SUSPECT_FOLDS_DIR, writeFoldSplit } from '../train/suspectFolds';
import { ApiError, ERROR_CODES } from './errors';
import type { JobManager } from './jobs';

const ENGINE_NAMES = { tfjs: 'TF.js', torch: 'PyTorch' } as const;

/** The engine the fold models train with: the one asked for, else the run's own, else TF.js when the run's PyTorch is missing here. */
async function foldEngine(runDir: string, asked: SuspectsOptions['engine']): Promise<{ engine: 'tfjs' | 'torch'; reason: string }> {
  const own = await runEngine(runDir);
  const engine = asked ?? own;
  if (engine === 'torch') {
    const torch = await detectTorch();
    if (!torch.available) {
      if (asked) throw new ApiError(ERROR_CODES.UNSUPPORTED, `the folds cannot train with PyTorch here: ${torch.reason ?? 'no Python with torch found'}`);
      return { engine: 'tfjs', reason: `the run was trained with PyTorch, which is not available here (${torch.reason ?? 'no Python with torch'}): the folds trained with TF.js` };
    }
  }
  if (asked) return { engine, reason: `${ENGINE_NAMES[engine]}, as asked (the run was trained with ${ENGINE_NAMES[own]})` };
  return { engine, reason: `${ENGINE_NAMES[engine]}, the engine that trained the run` };
}

/**
 * `findSuspects` of the service: the k fold models train with the run's engine (TF.js in a job process; PyTorch
 * in the runner, one fold after another, here), then a job scores them out of sample and ranks the suspects.
 */
export function suspectsFinder(jobs: JobManager) {
  const training = new Set<TorchRun>();
  let closing = false;

  async function trainTorchFolds(runDir: string, options: SuspectsOptions): Promise<void> {
    const plan = await planSuspectFolds(runDir, options);
    await rm(plan.work, { recursive: true, force: true });
    for (const [k, fold] of plan.folds.entries()) {
      if (closing) throw new ApiError(ERROR_CODES.BAD_REQUEST, 'stopped: the app is closing');
      await writeFoldSplit(plan, fold);
      const run = await startTorchRun({ runDir: fold.dir, graph: plan.graph, config: plan.torchConfig });
      training.add(run);
      const { status, end } = await run.finished.finally(() => training.delete(run));
      if (status !== 'completed') throw new Error(`fold ${k + 1} of ${plan.folds.length} ended ${status}${end.message ? `: ${end.message}` : ''}`);
    }
  }

  return {
    async find(runDir: string, options: SuspectsOptions): Promise<Suspects> {
      const { engine, reason } = await foldEngine(runDir, options.engine);
      if (engine === 'torch') {
        try {
          await trainTorchFolds(runDir, options);
        } catch (error) {
          await rm(path.join(runDir, SUSPECT_FOLDS_DIR), { recursive: true, force: true });
          throw error;
        }
      }
      return jobs.oneShot({ type: 'suspects', runDir, options, engine, engineReason: reason });
    },
    async shutdown(): Promise<void> {
      closing = true;
      await Promise.all([...training].map((run) => run.stop().catch(() => undefined)));
    },
  };
}
