import { existsSync } from 'node:fs';
import os from 'node:os';
import { defineConfig } from 'vitest/config';
import { sideBySideEnv } from './scripts/sideBySideEnv.ts';
import { SlowestFirstSequencer } from './scripts/slowestFirstSequencer.ts';

/**
 * Files that run on their own, one at a time, after the rest: those whose strongest claim needs a machine that
 * is otherwise idle (they measure this machine's speed and load, and the suite's second worker would be the load
 * they measure), and the two-node torchrun test, whose four processes and gloo rendezvous starve beside another
 * file's training on two cores.
 */
const RUN_ALONE = [
  'src/service/engineChoice.load.test.ts',
  'src/service/engineChoice.test.ts',
  'src/torch/precisionChoice.test.ts',
  'src/torchRun/runner.multinode.test.ts',
];

const moved = RUN_ALONE.filter((file) => !existsSync(new URL(file, import.meta.url)));
if (moved.length) throw new Error(`vitest.config.ts: RUN_ALONE lists test files that are no longer there: ${moved.join(', ')}`);

const ALL_TESTS = ['src/**/*.test.ts', 'renderer/**/*.test.ts', 'electron/**/*.test.ts'];

export default defineConfig({
  test: {
    environment: 'node',
    testTimeout: 60_000,
    pool: 'forks',
    // Vitest's default is one worker fewer than the cores: one worker on the 2-core CI machine. Two, beside the
    // Playwright suite: the 2-core VM is then busy all the time (vmstat: 0 % idle); a third worker gained nothing
    // (1011 s against 1018 s, docs/ci.md).
    maxWorkers: Math.max(2, os.availableParallelism() - 1),
    sequence: { sequencer: SlowestFirstSequencer },
    projects: [
      // Every file but the ones that run alone, the slowest first, sharing their worker's loaded modules (TF.js,
      // zod, sharp, onnxruntime…): importing them afresh for each file cost about a fifth of the CPU of the files
      // (12 training files, 2026-12-06: 85–92 s isolated, 68–75 s shared; docs/ci.md).
      { extends: true, test: { name: 'unit', include: ALL_TESTS, exclude: RUN_ALONE, isolate: false, env: sideBySideEnv(), sequence: { groupOrder: 0 } } },
      { extends: true, test: { name: 'alone', include: RUN_ALONE, fileParallelism: false, sequence: { groupOrder: 1 } } },
    ],
  },
});
