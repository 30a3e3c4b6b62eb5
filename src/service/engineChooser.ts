import path from 'node:path';
import { detectTfjsEngine } from '../backend/detect';
import { detectTorch } from '../torch/detect';
import { measureTorchSpeed } from '../torch/speed';
import { createEngineChooser } from './engineChoice';
import type { JobManager } from './jobs';

/** The interpreter the choice is about: `INCEPTION_PYTHON` alone when it is set (a user who names one means it). */
export const torchForChoice = () =>
  process.env.INCEPTION_PYTHON ? detectTorch({ python: process.env.INCEPTION_PYTHON, onlyGiven: true }) : detectTorch();

/**
 * The service's chooser: TF.js measured in a job process, PyTorch through its tools, the cache in the workspace;
 * `closing` ends a measurement under way when the service shuts down.
 */
export function engineChooserFor(workspace: string, jobs: JobManager, closing: AbortSignal) {
  return createEngineChooser({
    cacheFile: path.join(workspace, 'cache', 'engine-speed.json'),
    tfjsStatus: detectTfjsEngine,
    torchStatus: torchForChoice,
    measureTfjs: (graph, probe) => jobs.oneShot({ type: 'speed', graph, ...probe }, { signal: closing }),
    measureTorch: (python, graph, probe) => measureTorchSpeed(python, graph, { ...probe, signal: closing }),
    signal: closing,
  });
}
