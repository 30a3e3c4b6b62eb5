import path from 'node:path';
import type { GraphDoc } from '../../graph/types';
import { resumePreparedTorchRun, startPreparedTorchRun, type TorchRun, type TorchRunOptions } from '../../torchRun/runner';
import { trainPreparedRun, type RunHooks, type RunResult } from '../../train/run';
import { prepareRunIn, resumePlan, type ResumePlan, type RunPlan } from '../prepareRun';

// Tests and benchmarks start runs as the service does: prepared once (`prepareRunIn`, the folder theirs), then
// handed to an engine; a resume reads the folder back with `resumePlan`.

/** A new run: its folder, design and options (`prepareRunIn`'s). */
export interface NewRun {
  runDir: string;
  graph: GraphDoc;
  config?: object;
  fixClasses?: boolean;
}

type Of<P extends RunPlan | ResumePlan, E extends P['engine']> = Extract<P, { engine: E }>;

function forEngine<P extends RunPlan | ResumePlan, E extends P['engine']>(plan: P, engine: E): Of<P, E> {
  if (plan.engine !== engine) throw new Error(`${plan.runDir} is a ${plan.engine} run, not a ${engine} one`);
  return plan as Of<P, E>;
}

/** A new run prepared in `runDir` for the TF.js engine. */
export async function prepareTfjsRun(run: NewRun): Promise<Of<RunPlan, 'tfjs'>> {
  return forEngine(await prepareRunIn(run.runDir, run.graph, { ...run.config, engine: 'tfjs' }, run.fixClasses), 'tfjs');
}

/** A new run prepared in `runDir` for the PyTorch engine. */
export async function prepareTorchRun(run: NewRun): Promise<Of<RunPlan, 'torch'>> {
  return forEngine(await prepareRunIn(run.runDir, run.graph, { ...run.config, engine: 'torch' }, run.fixClasses), 'torch');
}

/** Prepares a new run and trains it with the TF.js engine (in this process). */
export async function trainNewRun(run: NewRun & RunHooks): Promise<RunResult> {
  return trainPreparedRun(await prepareTfjsRun(run), run);
}

/** Continues the TF.js run in `runDir` from its last checkpoint. */
export async function resumeTraining(runDir: string, hooks: RunHooks = {}): Promise<RunResult> {
  return trainPreparedRun({ ...forEngine(await resumePlan(path.basename(runDir), runDir), 'tfjs'), fixClasses: false }, hooks);
}

/** Prepares a new run and starts it with the PyTorch engine. */
export async function startNewTorchRun(run: NewRun & TorchRunOptions): Promise<TorchRun> {
  return startPreparedTorchRun(await prepareTorchRun(run), run);
}

/** Continues the PyTorch run in `runDir` from its last checkpoint. */
export async function resumeTorchRun(runDir: string, options: TorchRunOptions = {}): Promise<TorchRun> {
  return resumePreparedTorchRun(forEngine(await resumePlan(path.basename(runDir), runDir), 'torch'), options);
}
