import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { Suspects, SuspectsOptions, SuspectsProgress } from '../contract/errorAnalysis';
import { detectTorch, runEngine, startPreparedTorchRun, type TorchRun } from '../torchRun';
import { planSuspectFolds, SUSPECT_FOLDS_DIR, writeFoldRun } from '../train/suspectFolds';
import { ApiError, ERROR_CODES } from './errors';
import type { TrainEvent } from '../contract/events';
import type { FromJobMessage } from '../contract/jobMessages';
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

/** A search under way: where it is, and how to stop it. */
interface Search {
  progress: SuspectsProgress | null;
  abort: AbortController;
}

/**
 * `findSuspects` of the service: the k fold models train with the run's engine (TF.js in a job process; PyTorch
 * in the runner, one fold after another, here), then a job scores them out of sample and ranks the suspects.
 * One search per run at a time; its progress can be read and it can be cancelled (the fold folder is removed
 * and the run's last suspects.json, written only by a search that ends, stays as it was).
 */
export function suspectsFinder(jobs: JobManager) {
  const training = new Set<TorchRun>();
  const searches = new Map<string, Search>();
  let closing = false;

  async function trainTorchFolds(runDir: string, options: SuspectsOptions, search: Search): Promise<void> {
    const plan = await planSuspectFolds(runDir, options);
    await rm(plan.work, { recursive: true, force: true });
    const images = plan.folds.reduce((n, f) => n + f.held.length, 0);
    for (const [k, fold] of plan.folds.entries()) {
      if (closing) throw new ApiError(ERROR_CODES.BAD_REQUEST, 'stopped: the app is closing');
      if (search.abort.signal.aborted) throw cancelled();
      const at = { fold: k + 1, folds: plan.folds.length, phase: 'training' as const, epochs: plan.epochs, imagesDone: 0, images };
      search.progress = { ...at, epoch: 0 };
      const onEvent = (event: TrainEvent) => {
        if (event.type === 'epoch') search.progress = { ...at, epoch: event.epoch + 1 };
      };
      const run = await startPreparedTorchRun(await writeFoldRun(plan, fold, plan.torchConfig), { onEvent });
      training.add(run);
      const stop = () => void run.stop().catch(() => undefined);
      search.abort.signal.addEventListener('abort', stop, { once: true });
      const { status, end } = await run.finished.finally(() => {
        training.delete(run);
        search.abort.signal.removeEventListener('abort', stop);
      });
      if (search.abort.signal.aborted) throw cancelled();
      if (status !== 'completed') throw new Error(`fold ${k + 1} of ${plan.folds.length} ended ${status}${end.message ? `: ${end.message}` : ''}`);
    }
  }

  async function search(runDir: string, options: SuspectsOptions, search: Search): Promise<Suspects> {
    const { engine, reason } = await foldEngine(runDir, options.engine);
    try {
      if (engine === 'torch') await trainTorchFolds(runDir, options, search);
      const onMessage = (message: FromJobMessage) => {
        if (message.type === 'suspectsProgress') search.progress = message.progress;
      };
      // A search that ended before its cancel arrived answers: its list is whole.
      return await jobs.oneShot({ type: 'suspects', runDir, options, engine, engineReason: reason }, { onMessage, signal: search.abort.signal });
    } catch (error) {
      await rm(path.join(runDir, SUSPECT_FOLDS_DIR), { recursive: true, force: true });
      throw search.abort.signal.aborted ? cancelled() : error;
    }
  }

  return {
    async find(runDir: string, options: SuspectsOptions): Promise<Suspects> {
      const key = path.resolve(runDir);
      if (searches.has(key)) throw new ApiError(ERROR_CODES.BAD_REQUEST, 'this run\'s likely mislabelled files are being looked for already: wait for that search, or cancel it');
      const entry: Search = { progress: null, abort: new AbortController() };
      searches.set(key, entry);
      try {
        return await search(runDir, options, entry);
      } finally {
        searches.delete(key);
      }
    },
    /** The run's search's progress; null when none runs or it has not reported yet. */
    progress: (runDir: string): SuspectsProgress | null => searches.get(path.resolve(runDir))?.progress ?? null,
    /** Cancels the run's search; false when none runs. */
    cancel(runDir: string): boolean {
      const entry = searches.get(path.resolve(runDir));
      if (!entry) return false;
      entry.abort.abort();
      return true;
    },
    async shutdown(): Promise<void> {
      closing = true;
      for (const entry of searches.values()) entry.abort.abort();
      await Promise.all([...training].map((run) => run.stop().catch(() => undefined)));
    },
  };
}

const cancelled = () => new ApiError(ERROR_CODES.BAD_REQUEST, 'cancelled: the folds stopped and their folder was removed; the run\'s earlier suspects list is unchanged');
