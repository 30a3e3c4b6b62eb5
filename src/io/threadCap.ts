import os from 'node:os';

/**
 * The CPU threads one of our processes may use when nothing more specific was asked: the user's
 * `OMP_NUM_THREADS` where set (PyTorch reads the same variable, assets/python/inception_torch/device.py), else
 * `fallback`. On a machine shared with other work (or a test suite running several files side by side) it keeps
 * every engine from starting a thread per core.
 */
export function threadCap(fallback: number): number {
  const cap = Number.parseInt(process.env.OMP_NUM_THREADS ?? '', 10);
  return Number.isFinite(cap) && cap > 0 ? Math.min(cap, os.availableParallelism()) : fallback;
}
