import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rename, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { test as base, expect, type Page } from '@playwright/test';
import { fashionMnistAvailable, writeFashionMnistFolder } from '../src/data/testing/fashionMnist';
import { SHOTS, startServe, stopServe } from './fixtures';

interface WorkbenchHost {
  url: string;
  images: string;
  /** The files moved into a wrong class folder by the fixture. */
  swapped: string[];
}

/** Without Fashion-MNIST the spec is skipped, except on CI (env CI), where it must run and so fails. */
const haveData = fashionMnistAvailable('t10k') || Boolean(process.env.CI);

/** Every file of the folder with its SHA-256, by relative path. */
async function folderHashes(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const c of await readdir(dir)) for (const f of await readdir(path.join(dir, c))) out[`${c}/${f}`] = createHash('sha256').update(await readFile(path.join(dir, c, f))).digest('hex');
  return out;
}

/**
 * A workspace with a finished Small CNN run (CLI, 1 epoch) on 120 Fashion-MNIST images, 6 of them in the wrong class
 * folder. One epoch: the suspects' four fold models and "Train again" train as many epochs as the run did, and
 * nothing below depends on how well it learnt (that the search finds swapped files: src/cli/errorAnalysisCommands.test.ts).
 */
const test = base.extend<object, { host: WorkbenchHost }>({
  host: [
    async ({}, use) => {
      const workspace = await mkdtemp(path.join(os.tmpdir(), 'inception-e2e-ws-'));
      const dataRoot = await mkdtemp(path.join(os.tmpdir(), 'inception-e2e-data-'));
      const images = path.join(dataRoot, 'clothes');
      const swapped: string[] = [];
      if (haveData) {
        await writeFashionMnistFolder(images, { perClass: 12, split: 't10k' });
        const classes = (await readdir(images)).sort();
        for (let i = 0; i < 6; i++) {
          const from = classes[i];
          const file = (await readdir(path.join(images, from))).sort()[0];
          const to = path.join(images, classes[(i + 5) % classes.length], file);
          await rename(path.join(images, from, file), to);
          swapped.push(to);
        }
        // TF.js, not "Automatic": suspects train the folds with the run's engine, and four PyTorch folds each start
        // Python (40 s for two folds of 40 images against 15 s with TF.js); src/service/torchSuspects.test.ts covers PyTorch.
        await promisify(execFile)(process.execPath, ['bin/inception.mjs', 'train', '--preset', 'small-cnn', '--data', images, '--epochs', '1', '--batch', '16', '--engine', 'tfjs', '--json', '--workspace', workspace]);
      }
      const { url, child } = await startServe(['--workspace', workspace, '--root', dataRoot]);
      await use({ url, images, swapped });
      await stopServe(child);
      await Promise.all([rm(workspace, { recursive: true, force: true }), rm(dataRoot, { recursive: true, force: true })]);
    },
    { scope: 'worker', timeout: 240_000 },
  ],
});

async function shootWhole(page: Page, file: string) {
  const size = page.viewportSize()!;
  const height = await page.evaluate(() => {
    const body = document.querySelector<HTMLElement>('.screen .screen__body');
    return body ? Math.ceil(body.getBoundingClientRect().top + body.scrollHeight) : window.innerHeight;
  });
  await page.setViewportSize({ width: size.width, height: Math.max(size.height, Math.min(height, 2400)) });
  await page.screenshot({ path: `${SHOTS}/${file}` });
  await page.setViewportSize(size);
}

test('Try it and the canvas: inside the network, an image\'s feature maps at the last feature map, at a node picked from the list and at a node clicked on the canvas, which Grad-CAM then uses', async ({ page, host }) => {
  test.skip(!haveData, 'needs Fashion-MNIST (Debian package fashion-mnist)');
  test.setTimeout(240_000);
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(host.url);
  await page.getByTestId('nav-try').click();
  await page.getByTestId('try-pick').click();
  const browser = page.getByTestId('folder-browser');
  for (const name of [path.basename(path.dirname(host.images)), 'clothes', 'Bag']) await browser.getByTestId(`folder-entry-${name}`).click();
  await browser.locator('[data-testid^="image-entry-"]').first().check();
  await page.getByTestId('images-choose').click();
  const prediction = page.getByTestId('prediction-0');
  await prediction.getByTestId('feature-maps-show').click();
  const maps = prediction.getByTestId('feature-maps');
  await expect(maps.locator('img')).toBeVisible({ timeout: 120_000 });
  await expect(maps.getByTestId('feature-maps-node')).toHaveValue('pool2');
  await expect(maps.getByTestId('feature-maps-node').locator('option')).toHaveText(['conv1', 'pool1', 'conv2', 'pool2']);
  await expect(maps).toContainText(/channels \(7×7\), highest mean activation first/);
  await maps.getByTestId('feature-maps-node').selectOption('conv1');
  await expect(maps).toContainText(/channels \(28×28\)/, { timeout: 120_000 });
  await expect(maps.getByTestId('feature-maps-range')).toHaveText(/^black -?[\d.]+ … white [\d.]+$/);
  await page.screenshot({ path: `${SHOTS}/app-feature-maps.png` });

  // On the canvas: the run's design open, a clicked node shows its maps for the image chosen in Try it;
  // "Use for Grad-CAM" makes Try it look there; a node without a spatial output says why it has none.
  await page.getByTestId('nav-runs').click();
  await page.locator('[data-testid^="run-row-"]').first().getByTestId('run-open-design').click();
  await page.getByTestId('node-conv2').click();
  const onCanvas = page.getByTestId('node-feature-maps');
  await expect(onCanvas.getByTestId('feature-maps')).toContainText(/channels \(14×14\), highest mean activation first/, { timeout: 120_000 });
  await expect(onCanvas.getByTestId('feature-maps-range')).toHaveText(/^black -?[\d.]+ … white [\d.]+$/);
  await onCanvas.getByTestId('use-for-gradcam').click();
  await expect(onCanvas.getByTestId('use-for-gradcam')).toHaveAttribute('aria-pressed', 'true');
  await page.screenshot({ path: `${SHOTS}/app-canvas-feature-maps.png` });
  await page.getByTestId('node-fc').click();
  await expect(page.getByTestId('node-maps-why')).toContainText('a flat vector with no positions');
  await page.getByTestId('nav-try').click();
  await expect(page.getByTestId('gradcam-node-note')).toContainText('at conv2, picked on the canvas');
  await expect(prediction.getByTestId('prediction-on-canvas')).toBeVisible();
  await prediction.getByTestId('gradcam-show').click();
  await expect(prediction.getByTestId('gradcam')).toContainText('at conv2 (14×14)', { timeout: 120_000 });
  expect(pageErrors).toEqual([]);
});

test('Dataset: the folder\'s changes (moved, excluded), each undone from the list, the folder as before', async ({ page, host }) => {
  test.skip(!haveData, 'needs Fashion-MNIST (Debian package fashion-mnist)');
  test.setTimeout(240_000);
  const before = await folderHashes(host.images);
  const bag = path.join(host.images, 'Bag', (await readdir(path.join(host.images, 'Bag'))).sort()[0]);
  const coat = path.join(host.images, 'Coat', (await readdir(path.join(host.images, 'Coat'))).sort()[0]);
  const fix = (args: string[]) => promisify(execFile)(process.execPath, ['bin/inception.mjs', 'fix', host.images, ...args]);
  await fix(['--move', bag, '--to', 'Coat']);
  await fix(['--exclude', coat]);
  await page.goto(host.url);
  await page.getByTestId('nav-dataset').click();
  await page.getByLabel('Folder path').fill(host.images);
  await page.getByRole('button', { name: 'Scan', exact: true }).click();
  const changes = page.getByTestId('folder-changes');
  await expect(changes.getByTestId('folder-change-1').getByTestId('folder-change-what')).toHaveText('moved Bag → Coat');
  await expect(changes.getByTestId('folder-change-2').getByTestId('folder-change-what')).toHaveText('excluded from Coat (quarantined)');
  await page.screenshot({ path: `${SHOTS}/app-folder-changes.png` });
  await changes.getByTestId('folder-change-2').getByTestId('folder-change-undo').click();
  await expect(changes.getByTestId('folder-change-3').getByTestId('folder-change-what')).toHaveText('undo of #2: back to Coat');
  await expect(changes.getByTestId('folder-change-2').getByTestId('folder-change-what')).toHaveText('excluded from Coat (quarantined) · undone');
  await changes.getByTestId('folder-change-1').getByTestId('folder-change-undo').click();
  await expect(changes.getByTestId('folder-change-4').getByTestId('folder-change-what')).toHaveText('undo of #1: back to Bag');
  await expect(changes.getByTestId('folder-change-undo')).toHaveCount(0);
  expect(await folderHashes(host.images)).toEqual(before);
});

test('Results: top losses with Grad-CAM, suspects (progress, cancel, then to the end), move and exclude, undo, move two, train again with the fixes, Runs compares the two', async ({ page, host }) => {
  test.skip(!haveData, 'needs Fashion-MNIST (Debian package fashion-mnist)');
  test.setTimeout(600_000);
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  const before = await folderHashes(host.images);
  await page.goto(host.url);
  await page.getByTestId('nav-runs').click();
  await page.locator('[data-testid^="run-row-"]').first().getByTestId('run-results').click();

  // A confusion cell on the diagonal opens its images, marked correct, each with its Grad-CAM button.
  for (let i = 0; i < 10; i++) {
    const cell = page.getByTestId(`cell-${i}-${i}`);
    if ((await cell.textContent())?.trim() !== '0') {
      await cell.click();
      break;
    }
  }
  await page.getByTestId('cell-images').getByRole('button', { name: /Evaluate to list/ }).click();
  await expect(page.getByTestId('cell-images').getByTestId('prediction-right').first()).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('cell-images').getByTestId('gradcam-show').first()).toBeVisible();

  await page.getByTestId('top-losses').click();
  const rows = page.getByTestId('loss-row');
  await expect(rows.first()).toBeVisible({ timeout: 120_000 });
  await rows.first().getByTestId('gradcam-show').click();
  await expect(rows.first().getByTestId('gradcam').locator('img')).toBeVisible({ timeout: 120_000 });
  const trainedMap = await rows.first().getByTestId('gradcam').locator('img').getAttribute('src');
  await rows.first().getByTestId('gradcam-random-head').click();
  await expect(rows.first().getByTestId('gradcam-random-head')).toBeChecked({ timeout: 120_000 });
  expect(await rows.first().getByTestId('gradcam').locator('img').getAttribute('src')).not.toBe(trainedMap);
  await page.getByTestId('losses').scrollIntoViewIfNeeded();
  await shootWhole(page, 'app-top-losses.png');

  // The search says which fold trains; Cancel stops it and nothing is written; then it runs to the end.
  await page.getByTestId('find-suspects').click();
  await expect(page.getByTestId('suspects-progress')).toHaveText(/^Fold [1-4] of 4: (training|scoring).*· \d+ of \d+ images scored$/, { timeout: 120_000 });
  await page.getByTestId('suspects-running').scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/app-suspects-progress.png` });
  await page.getByTestId('suspects-cancel').click();
  await expect(page.getByTestId('suspects-cancelled')).toBeVisible({ timeout: 120_000 });
  await page.getByTestId('find-suspects').click();
  const suspects = page.getByTestId('suspect-row');
  await expect(suspects.first()).toBeVisible({ timeout: 480_000 });
  await suspects.nth(0).getByTestId('suspect-move').click();
  await expect(suspects.nth(0).getByTestId('suspect-undo')).toBeVisible();
  await suspects.nth(1).getByTestId('suspect-exclude').click();
  await expect(suspects.nth(1).getByTestId('suspect-undo')).toBeVisible();
  await expect(page.getByTestId('train-again')).toHaveText('Train again with the fixes (2)');
  expect(await folderHashes(host.images)).not.toEqual(before);
  await page.getByTestId('suspects').scrollIntoViewIfNeeded();
  await shootWhole(page, 'app-suspects.png');

  // Undo both: the folder is byte for byte what it was; then move two files and train on the fixed folder.
  await suspects.nth(1).getByTestId('suspect-undo').click();
  await suspects.nth(0).getByTestId('suspect-undo').click();
  await expect(page.getByTestId('train-again')).toBeDisabled();
  expect(await folderHashes(host.images)).toEqual(before);
  await suspects.nth(0).getByTestId('suspect-move').click();
  await suspects.nth(1).getByTestId('suspect-move').click();
  await expect(page.getByTestId('train-again')).toHaveText('Train again with the fixes (2)');
  await page.getByTestId('train-again').click();
  await expect(page.locator('[data-testid^="run-row-"]')).toHaveCount(2, { timeout: 60_000 });

  // Runs opens with the two side by side; once the new run has finished, both have every measure.
  const pair = page.getByTestId('run-pair');
  await expect(pair.getByTestId('run-pair-change')).toHaveCount(2, { timeout: 60_000 });
  await expect(pair.getByTestId('run-pair-change').first()).toContainText('moved');
  await expect(pair.getByTestId('run-pair-accuracy').locator('td').nth(2)).toHaveText(/%$/, { timeout: 300_000 });
  await expect(pair.getByTestId('run-pair-accuracy').locator('td').nth(1)).toHaveText(/%$/);
  await expect(pair.getByTestId('run-pair-recall')).toHaveCount(10);
  await expect(pair.getByTestId('run-pair-train').locator('td').nth(1)).toHaveText(/^\d+$/);
  await pair.scrollIntoViewIfNeeded();
  await shootWhole(page, 'app-runs-compare.png');
  expect(pageErrors).toEqual([]);
});
