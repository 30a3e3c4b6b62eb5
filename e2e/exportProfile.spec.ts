import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, haveFashionMnist, SHOTS, trainedTest as test } from './fixtures';

test('Export: ONNX int8 with a deployment profile shows size, memory and latency per runtime — onnxruntime-node and Chromium — as a table; TFLite int8 beside it', async ({ page, trainedHost }) => {
  test.skip(!haveFashionMnist, 'needs Fashion-MNIST (Debian package dataset-fashion-mnist)');
  test.setTimeout(300_000);
  // The shared host's Small CNN run (e2e/fixtures.ts): trained by the CLI for one epoch on 60 Fashion-MNIST images.
  await page.goto(trainedHost.url);
  await page.getByTestId('nav-runs').click();
  await page.getByTestId('run-export').first().click();
  const dialog = page.getByTestId('export-dialog');
  await dialog.getByTestId('export-profile-option').check();
  await dialog.getByTestId('export-onnx-int8').click();
  const table = dialog.getByTestId('export-profile');
  await expect(table).toBeVisible({ timeout: 180_000 });
  const rows = table.getByTestId('export-profile-row');
  // onnxruntime-node, and onnxruntime-web (wasm) in a headless Chromium, for float32 and int8.
  await expect(rows).toHaveCount(4);
  await expect(rows.locator('th')).toHaveText(['onnxruntime-node (CPU), float32', 'onnxruntime-node (CPU), int8', 'onnxruntime-web (wasm, 1 thread), float32', 'onnxruntime-web (wasm, 1 thread), int8']);
  for (const i of [0, 1, 2, 3]) {
    const cells = await rows.nth(i).locator('td').allTextContents();
    expect(cells).toHaveLength(5);
    expect(cells[0]).toMatch(i < 2 ? /^Node \d+\.\d+/ : /^Chromium \d+\.[\d.]+, headless/);
    expect(cells.slice(1, 3).every((c) => /^\d+\.\d\d MB$/.test(c))).toBe(true);
    expect(cells.slice(3).every((c) => /^\d+\.\d+ ms$/.test(c))).toBe(true);
  }
  await expect(rows.nth(2).locator('td').nth(2)).toHaveAttribute('title', /renderer process/);
  // The table shows what profile.json in the export folder says.
  const dir = (await dialog.getByTestId('export-dir').textContent())!;
  expect(await readdir(dir)).toEqual(expect.arrayContaining(['profile.json', 'model.onnx', 'index.html']));
  const profile = JSON.parse(await readFile(path.join(dir, 'profile.json'), 'utf8')) as { rows: { sizeBytes: number }[] };
  expect(await rows.nth(3).locator('td').nth(1).textContent()).toBe(`${(profile.rows[3].sizeBytes / 1e6).toFixed(2)} MB`);
  // The size and accuracy change of the int8 file (onnxruntime-node over the run's validation images).
  await expect(dialog.getByTestId('export-quantization')).toHaveText(/^size: 0\.\d\d MB float32 → 0\.\d\d MB int8 \([\d.]+× smaller\); accuracy on \d+ validation images \(onnxruntime-node \(CPU\)\): [\d.]+ % float32 → [\d.]+ % int8/);
  // The dialog scrolled (vertically only) until the table's last (Chromium) row is in view: the screenshot shows every runtime.
  await dialog.evaluate((modal) => {
    const last = [...modal.querySelectorAll('[data-testid="export-profile-row"]')].at(-1)!;
    modal.scrollTop += last.getBoundingClientRect().bottom - modal.getBoundingClientRect().bottom + 24;
  });
  // The table fits the dialog's width: no column is cut off.
  expect(await dialog.evaluate((modal) => modal.querySelector('.export__profile')!.getBoundingClientRect().right <= modal.getBoundingClientRect().right)).toBe(true);
  // Scrolled down to the table, the dialog still says which run it exports: its head stays in view.
  const headInView = await dialog.evaluate((modal) => {
    const head = modal.querySelector('.modal__head')!.getBoundingClientRect();
    const box = modal.getBoundingClientRect();
    return modal.scrollTop > 0 && head.top >= box.top - 1 && head.bottom <= box.bottom;
  });
  expect(headInView).toBe(true);
  await expect(dialog.locator('.modal__title')).toHaveText(/^Export \d{8}-\d{6}-small-cnn/);
  await page.screenshot({ path: `${SHOTS}/app-export-profile.png` });

  // The TFLite exports are offered beside it and write model.tflite.
  await dialog.getByTestId('export-tflite-int8').click();
  await expect(dialog.getByTestId('export-dir')).toHaveText(/-tflite-int8$/, { timeout: 120_000 });
  const tfliteDir = (await dialog.getByTestId('export-dir').textContent())!;
  // With the profile box still ticked float32 and int8 are measured too, in LiteRT.js in Chromium; the accuracy change is LiteRT.js's too.
  expect((await readdir(tfliteDir)).sort()).toEqual(['README.md', 'labels.json', 'model.tflite', 'preprocessing.json', 'profile.json', 'quantization.json']);
  await expect(dialog.getByTestId('export-quantization')).toHaveText(/accuracy on \d+ validation images \(LiteRT\.js \(wasm, XNNPack\) in headless Chromium\)/);
  const liteRt = dialog.getByTestId('export-profile').getByTestId('export-profile-row');
  await expect(liteRt.locator('th')).toHaveText(['LiteRT.js (wasm, XNNPack), float32', 'LiteRT.js (wasm, XNNPack), int8']);
  for (const i of [0, 1]) {
    await expect(liteRt.nth(i).locator('td').first()).toHaveText(/^Chromium \d+\./);
    expect((await liteRt.nth(i).locator('td').allTextContents()).slice(3).every((c) => /^\d+\.\d+ ms$/.test(c))).toBe(true);
  }
});
