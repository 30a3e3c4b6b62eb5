import os from 'node:os';
import { defineConfig } from '@playwright/test';
import { sideBySideEnv } from './scripts/sideBySideEnv.ts';

/** The specs that train a network (in the app or with the CLI) for more than a moment. */
const TRAINING_SPECS = ['classify.spec.ts', 'exportProfile.spec.ts', 'finetune.spec.ts', 'training.spec.ts', 'webpage.spec.ts', 'workbench.spec.ts'].map((f) => `**/${f}`);

// The suite runs beside Vitest: one thread for each process the app starts, a short precision measurement.
Object.assign(process.env, sideBySideEnv());

/**
 * Playwright's own --disable-features (1.65.1), which a later --disable-features replaces whole (Chromium keeps the
 * last), and the omnibox popup's WebUI, which headless Chromium starts in a renderer of its own for every browser
 * context: about 1.2 s of CPU each, 40 s of the suite's (391.8 → 351.2 s, 2026-12-06, docs/ci.md).
 * e2e/browserFlags.spec.ts fails when Playwright's list grows or Chromium renames these.
 */
const DISABLED_FEATURES = [
  'AvoidUnnecessaryBeforeUnloadCheckSync', 'DestroyProfileOnBrowserClose', 'HttpsUpgrades', 'HttpsFirstBalancedModeAutoEnable',
  'LensOverlay', 'MediaRouter', 'PaintHolding', 'ThirdPartyStoragePartitioning', 'AvoidCorsURLLoaderRestartOnRedirect',
  'TcpPortRandomizationWin', 'OptimizationHints', 'NetworkTimeServiceQuerying', 'AimEnabled', 'PreconnectToSearch',
  'msForceBrowserSignIn', 'msEdgeUpdateLaunchServicesPreferredVersion',
  'WebUIOmniboxPopup', 'WebUIOmniboxAimPopup',
];

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
        `--disable-features=${DISABLED_FEATURES.join(',')}`,
      ],
    },
  },
});
