import os from 'node:os';
import { defineConfig } from '@playwright/test';

/** End-to-end tests drive Debian's Chromium (set CHROMIUM_PATH elsewhere) against the browser-mode host. */
export default defineConfig({
  testDir: 'e2e',
  timeout: 90_000,
  // Playwright's default is half the cores: one on the 2-core CI machine. Two spec files at a time there: each
  // worker has its own `inception serve`, workspace and temporary folders (e2e/fixtures.ts), and the generated
  // ONNX files are written under per-process names.
  workers: Math.max(2, Math.floor(os.availableParallelism() / 2)),
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
