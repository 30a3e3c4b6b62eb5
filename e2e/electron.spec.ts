import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron as electron, expect, test } from '@playwright/test';
import type { InceptionHostBridge } from '../electron/bridge';
import { electronStatus } from '../src/service/electronStatus';

// The desktop app itself, where its binary exists and can open a window (a desktop session, not root).
// Where it cannot (this project's CI machine: no binary, no display, root), the spec is skipped with the reason.
const status = electronStatus();
const APP_ROOT = fileURLToPath(new URL('..', import.meta.url));

test.skip(!status.available, `Electron cannot start here: ${status.reason}`);

test('the desktop app opens, answers over its preload, and autosaves unsaved edits before its window closes', async () => {
  const workspace = await mkdtemp(path.join(os.tmpdir(), 'inception-electron-'));
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined && key !== 'ELECTRON_RUN_AS_NODE') env[key] = value;
  const app = await electron.launch({ executablePath: status.binary, args: [APP_ROOT], env: { ...env, INCEPTION_WORKSPACE: workspace } });
  try {
    const page = await app.firstWindow();
    await expect(page.getByTestId('status-trainable')).toBeVisible();
    const info = await page.evaluate(async () => {
      const host = (window as unknown as { inceptionHost: InceptionHostBridge }).inceptionHost;
      return host.invoke('hostInfo', []);
    });
    expect(info).toMatchObject({ ok: true, result: { nativeDialogs: true } });
    // The preload exposes the bridge and nothing of Node or Electron.
    expect(await page.evaluate(() => typeof (window as unknown as { require?: unknown }).require)).toBe('undefined');

    await page.getByTestId('preset-select').selectOption('googlenet-96');
    await expect(page.getByTestId('status-trainable')).toHaveText('5,998,362');
    await page.getByTestId('node-pool1').locator('.layer-node__title').click();
    await page.keyboard.type('relu');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('node-relu')).toBeVisible();

    // Close at once, well inside the 3-second autosave period: the window waits for the page's save.
    // (On macOS the app stays open without windows, so wait for the window, not the process.)
    const closed = page.waitForEvent('close', { timeout: 10_000 });
    await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.close());
    await closed;
    const saved = JSON.parse(await readFile(path.join(workspace, 'autosave', 'current.json'), 'utf8')) as { graph: { nodes: { id: string }[] } };
    expect(saved.graph.nodes.map((n) => n.id)).toContain('relu');
  } finally {
    if (app.process().exitCode === null) await app.close().catch(() => undefined);
    await rm(workspace, { recursive: true, force: true });
  }
});
