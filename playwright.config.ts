import os from 'node:os';
import { defineConfig } from '@playwright/test';
import { sideBySideEnv } from './scripts/sideBySideEnv.ts';

/** The specs that train a network (in the app or with the CLI) for more than a moment. */
const TRAINING_SPECS = ['classify.spec.ts', 'exportProfile.spec.ts', 'finetune.spec.ts', 'training.spec.ts', 'webpage.spec.ts', 'workbench.spec.ts'].map((f) => `**/${f}`);

// The suite runs beside Vitest: one thread for each process the app starts, a short precision measurement.
Object.assign(process.env, sideBySideEnv());

/** End-to-end tests drive Debian's Chromium (set CHROMIUM_PATH elsewhere) against the browser-mode host. */
export default defineConfig({
  testDir: 'e2e',
  timeout: 90_000,
  // Playwright's default is half the cores: one on the 2-core CI machine. Two spec files at a time there (each
  // worker has its own `inception serve`, workspace and temporary folders, e2e/fixtures.ts; the generated ONNX
  // files are written under per-process names), but never two that train: on a loaded 2-core machine two
  // trainings at once ran past their time limits (docs/ci.md).
  workers: Math.max(2, Math.floor(os.availableParallelism() / 2)),
  projects: [
    { name: 'trains', testMatch: TRAINING_SPECS, workers: 1 },
    { name: 'browses', testIgnore: TRAINING_SPECS },
  ],
  reporter: [['list']],
  outputDir: 'test-results',
  use: {
    browserName: 'chromium',
    viewport: { width: 1280, height: 800 },
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
});
