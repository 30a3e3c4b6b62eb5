import { defineConfig } from 'vitest/config';
import { SlowestFirstSequencer } from './scripts/slowestFirstSequencer.ts';

/**
 * Files whose strongest claim needs a machine that is otherwise idle: they measure this machine's speed and
 * load. They run on their own after the rest, so that the suite's second worker is not the load they measure.
 */
const MEASURES_THIS_MACHINE = [
  'src/service/engineChoice.load.test.ts',
  'src/service/engineChoice.test.ts',
  'src/torch/precisionChoice.test.ts',
];

const ALL_TESTS = ['src/**/*.test.ts', 'renderer/**/*.test.ts', 'electron/**/*.test.ts'];

export default defineConfig({
  test: {
    environment: 'node',
    testTimeout: 60_000,
    pool: 'forks',
    // Vitest's default is one worker fewer than the cores: one worker on the 2-core CI machine. Most files wait
    // on child processes (Python, the CLI, onnxruntime) part of the time, so two keep both cores busy.
    maxWorkers: 2,
    sequence: { sequencer: SlowestFirstSequencer },
    projects: [
      { extends: true, test: { name: 'unit', include: ALL_TESTS, exclude: MEASURES_THIS_MACHINE, sequence: { groupOrder: 0 } } },
      { extends: true, test: { name: 'measures', include: MEASURES_THIS_MACHINE, fileParallelism: false, sequence: { groupOrder: 1 } } },
    ],
  },
});
