import { execFile } from 'node:child_process';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { test as base, expect, type Page } from '@playwright/test';
import { fashionMnistAvailable, writeFashionMnistFolder } from '../src/data/testing/fashionMnist';
import { greyPng } from '../src/data/testing/images';
import { onnxBytes, tinyClassifier } from '../src/import/testing/tinyOnnx';
import { serveWithDataRoot, SHOTS } from './fixtures';

/** Without Fashion-MNIST the spec is skipped, except on CI (env CI), where it must run and so fails. */
const haveData = fashionMnistAvailable('t10k') || Boolean(process.env.CI);
/** The folder a user moves on to: three classes, so a ten-class design plainly does not fit it. */
const THREE = ['Bag', 'Sneaker', 'Trouser'];
/** A run name a user might give: long, with the part that tells it apart at the end. */
const LONG_NAME = 'Small CNN on the Fashion-MNIST ten-class folder, first try with the default options, lr 0.001';

/**
 * A host whose workspace has a finished Small CNN run (trained by the CLI for one epoch on ten classes) and a
 * folder `three/` of three Fashion-MNIST classes.
 */
const test = base.extend<object, { host: { url: string; dataRoot: string } }>({
  host: [
    async ({}, use) => {
      await serveWithDataRoot(async (dataRoot) => {
        // Two models: one whose 30 Tanh nodes do not map (a long refusal), one that imports.
        await mkdir(path.join(dataRoot, 'models'));
        const tanh = Array.from({ length: 30 }, (_, i) => ({ opType: 'Tanh', name: `/blocks/block.${i}/Tanh`, input: [i ? `t${i - 1}` : 'x'], output: [i === 29 ? 'y' : `t${i}`] }));
        await writeFile(path.join(dataRoot, 'models', 'refused.onnx'), onnxBytes(tanh, []));
        await writeFile(path.join(dataRoot, 'models', 'tiny.onnx'), tinyClassifier());
        // Two classes of images and a class folder with none: the folder is left out, and said so once.
        for (const [name, count] of [['cat', 2], ['dog', 2], ['zebra', 0]] as const) {
          await mkdir(path.join(dataRoot, 'gap', name), { recursive: true });
          for (let i = 0; i < count; i++) await writeFile(path.join(dataRoot, 'gap', name, `${i}.png`), await greyPng(8, 8, 60 * i));
        }
        if (!haveData) return {};
        await writeFashionMnistFolder(path.join(dataRoot, 'ten'), { perClass: 2, split: 't10k' });
        const three = path.join(dataRoot, 'three');
        await writeFashionMnistFolder(three, { perClass: 4, split: 't10k' });
        for (const name of await readdir(three)) if (!THREE.includes(name)) await rm(path.join(three, name), { recursive: true });
        return {};
      }, async (host) => {
        if (haveData) {
          await promisify(execFile)(process.execPath, ['bin/inception.mjs', 'train', '--preset', 'small-cnn', '--data', path.join(host.dataRoot, 'ten'), '--epochs', '1', '--batch', '16', '--engine', 'tfjs', '--json', '--workspace', host.workspace]);
        }
        await use(host);
      });
    },
    { scope: 'worker', timeout: 360_000 },
  ],
});

/** Chooses the host's `three/` folder on the Dataset screen. */
async function chooseThree(page: Page, dataRoot: string) {
  await page.getByTestId('choose-dataset').click();
  const browser = page.getByTestId('folder-browser');
  for (const name of [path.basename(dataRoot), 'three']) await browser.getByTestId(`folder-entry-${name}`).click();
  await page.getByTestId('folder-choose').click();
  await expect(page.getByTestId('dataset-totals')).toHaveText(/3 classes · 12 images/);
}

test('fine-tuning belongs to its design: opening a preset ends it, and the class-count fix comes back', async ({ page, host }) => {
  test.skip(!haveData, 'needs Fashion-MNIST');
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(host.url);
  await expect(page.getByTestId('design-name')).toHaveText(/GoogLeNet/);

  // Runs ▸ Fine-tune… on the Small CNN run, then a folder of three classes: a new head, no class warning.
  await page.getByTestId('nav-runs').click();
  await page.locator('[data-testid^="run-row-"]').first().getByTestId('run-fine-tune').click();
  await expect(page.getByTestId('dataset-screen')).toBeVisible();
  await expect(page.getByTestId('design-name')).toHaveText(/Small CNN/);
  await chooseThree(page, host.dataRoot);
  await page.getByTestId('nav-train').click();
  await expect(page.getByTestId('start-from-caption')).toHaveText(/^Starting from .+ — new head for 3 classes$/);
  await expect(page.getByTestId('class-mismatch')).toHaveCount(0);
  // The options are those of the design being fine-tuned (the Small CNN's), not GoogLeNet-96's shown at start.
  await expect(page.getByTestId('opt-batch')).toHaveValue('32');
  await expect(page.getByTestId('opt-epochs')).toHaveValue('10');
  await expect(page.getByTestId('opt-lr')).toHaveValue('0.001');
  await expect(page.getByTestId('opt-optimizer')).toHaveValue('adam');
  // The design panel counts the network the run will train: the new head's three outputs.
  await expect(page.getByTestId('train-outputs')).toHaveText('3 (a new head; the design has 10)');
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.screenshot({ path: `${SHOTS}/finetune-new-head-1440.png` });
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.screenshot({ path: `${SHOTS}/finetune-new-head-1280.png` });

  // Another design opened: fine-tuning ends, the user is told, and the class-count warning with its fix is back.
  await page.getByTestId('preset-select').selectOption('googlenet-96');
  await expect(page.getByTestId('editor-notice')).toContainText('ended: another design was opened');
  await expect(page.getByTestId('start-from')).toHaveCount(0);
  await expect(page.getByTestId('class-mismatch')).toBeVisible();
  await expect(page.getByTestId('start-blocker')).toHaveText(/outputs 10 classes; the folder has 3/);
  await page.getByTestId('fix-classes').click();
  await expect(page.getByTestId('class-mismatch')).toHaveCount(0);
  await expect(page.getByTestId('train-outputs')).toHaveText('3');
  expect(pageErrors).toEqual([]);
});

test('cluster options: the engine words select it, several machines are explained, Start waits for the first machine\'s address', async ({ page, host }) => {
  test.skip(!haveData, 'needs Fashion-MNIST');
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(host.url);
  await expect(page.getByTestId('design-name')).toHaveText(/GoogLeNet/);
  await page.getByTestId('nav-dataset').click();
  await chooseThree(page, host.dataRoot);
  await page.getByTestId('nav-train').click();
  await page.getByTestId('fix-classes').click();
  await expect(page.getByTestId('start-blocker')).toHaveCount(0);

  const panel = page.getByTestId('engine-panel');
  await expect(panel).toBeVisible({ timeout: 90_000 });
  await expect(page.getByTestId('engine-torch')).toBeEnabled({ timeout: 60_000 });
  await panel.getByText('TensorFlow.js', { exact: true }).click();
  await expect(page.getByTestId('engine-tfjs')).toBeChecked();
  await panel.getByText('PyTorch', { exact: true }).click();
  await expect(page.getByTestId('engine-torch')).toBeChecked();

  await page.getByTestId('torch-nodes').fill('2');
  await expect(page.getByTestId('torch-cluster-steps')).toContainText('0 on the first machine');
  await expect(page.getByTestId('start-training')).toBeDisabled();
  await expect(page.getByTestId('start-blocker')).toHaveText(/first machine's address and a free port/);
  await expect(panel).not.toContainText(/rdzv|rendezvous|node rank|torchrun/i);
  await page.getByTestId('torch-cluster-steps').scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/train-cluster-1440.png` });
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.getByTestId('torch-cluster-steps').scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/train-cluster-1280.png` });

  await page.getByTestId('torch-rendezvous').fill('10.0.0.1:29400');
  await expect(page.getByTestId('start-blocker')).toHaveCount(0);
  await expect(page.getByTestId('start-training')).toBeEnabled();
  await page.getByTestId('torch-nodes').fill('1');
  await page.getByText('TensorFlow.js', { exact: true }).click();
});

test('at 1280×720 the design name, the Try it model menu and the Runs buttons fit', async ({ page, host }) => {
  test.skip(!haveData, 'needs Fashion-MNIST');
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto(host.url);
  const name = page.getByTestId('design-name');
  await expect(name).toHaveText(/GoogLeNet/);
  expect(await name.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
  await page.screenshot({ path: `${SHOTS}/design-1280.png` });

  // A run with a very long name of its own: cut in the middle, never its time.
  await page.getByTestId('nav-runs').click();
  const row = page.locator('[data-testid^="run-row-"]').first();
  await expect(row).toBeVisible();
  await row.getByTestId('run-rename').click();
  await page.getByTestId('rename-input').fill(LONG_NAME);
  await page.getByTestId('rename-save').click();
  await expect(page.getByTestId('rename-dialog')).toHaveCount(0);
  await expect(row).toContainText(LONG_NAME.slice(0, 20));
  const tops = await row.locator('.runs-table__actions button').evaluateAll((buttons) => buttons.map((b) => Math.round(b.getBoundingClientRect().top)));
  expect(new Set(tops).size).toBe(1);
  const table = (await page.getByTestId('runs-table').boundingBox())!;
  expect(table.x + table.width).toBeLessThanOrEqual(1280);
  await page.screenshot({ path: `${SHOTS}/runs-1280.png` });

  await page.getByTestId('nav-try').click();
  const menu = page.getByTestId('try-run');
  await expect(menu).not.toHaveValue('');
  const box = (await menu.boundingBox())!;
  expect(box.x + box.width).toBeLessThanOrEqual(1280);
  // The shown label keeps what tells runs apart (the start time, the accuracy); the full name is its tooltip.
  const shown = await menu.evaluate((el: HTMLSelectElement) => el.selectedOptions[0].textContent ?? '');
  expect(shown).toMatch(/ · \d\d:\d\d · (?:[\d.]+ %|—)$/);
  expect(shown).toContain('…');
  await expect(menu).toHaveAttribute('title', new RegExp(`^${LONG_NAME} · `));
  expect(await menu.evaluate((el: HTMLSelectElement) => {
    const probe = document.createElement('span');
    probe.style.font = getComputedStyle(el).font;
    probe.textContent = el.selectedOptions[0].textContent;
    document.body.append(probe);
    const fits = probe.getBoundingClientRect().width + 24 <= el.getBoundingClientRect().width;
    probe.remove();
    return fits;
  })).toBe(true);
  const actions = page.locator('.screen__actions').first();
  const actionTops = await actions.locator(':scope > *').evaluateAll((els) => els.map((e) => Math.round(e.getBoundingClientRect().top)));
  expect(new Set(actionTops).size).toBe(1);
  await page.screenshot({ path: `${SHOTS}/try-1280.png` });
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.screenshot({ path: `${SHOTS}/try-1440.png` });
});

test('Dataset says once that a class folder without images is left out', async ({ page, host }) => {
  await page.goto(host.url);
  await expect(page.getByTestId('design-name')).toHaveText(/GoogLeNet/);
  await page.getByTestId('nav-dataset').click();
  await page.getByTestId('choose-dataset').click();
  const browser = page.getByTestId('folder-browser');
  for (const name of [path.basename(host.dataRoot), 'gap']) await browser.getByTestId(`folder-entry-${name}`).click();
  await page.getByTestId('folder-choose').click();
  await expect(page.getByTestId('dataset-totals')).toHaveText(/2 classes · 4 images/);
  await expect(page.getByTestId('dataset-warnings')).toContainText('class folders without a usable image are left out: zebra');
  // Said once on the whole screen: not again in a callout of its own below the class table.
  await expect(page.getByTestId('dataset-screen').getByText(/zebra/)).toHaveCount(1);
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.screenshot({ path: `${SHOTS}/dataset-left-out-1440.png` });
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.screenshot({ path: `${SHOTS}/dataset-left-out-1280.png` });
});

test('a refused import says what is supported and what to do, in the dialog, scrollable; the next import goes through in plain words', async ({ page, host }) => {
  await page.goto(host.url);
  await expect(page.getByTestId('design-name')).toHaveText(/GoogLeNet/);
  await page.getByTestId('file-import').click();
  const dialog = page.getByTestId('import-dialog');
  await dialog.getByTestId('import-path').fill(path.join(host.dataRoot, 'models', 'refused.onnx'));
  await dialog.getByTestId('import-confirm').click();
  const failure = dialog.getByTestId('import-failure');
  await expect(failure).toContainText('30 node(s) use operators that do not map', { timeout: 60_000 });
  await expect(failure).toContainText('Supported: convolutions');
  await expect(failure).toContainText('What to do:');
  await expect(failure).toContainText('Tanh "/blocks/block.29/Tanh"');
  // All of it inside the dialog, the long list scrolled rather than cut or hidden behind it.
  const inside = await failure.evaluate((el) => {
    const box = el.getBoundingClientRect();
    const modal = el.closest('[data-testid="import-dialog"]')!.getBoundingClientRect();
    return { scrolls: el.scrollHeight > el.clientHeight, within: box.top >= modal.top && box.bottom <= modal.bottom };
  });
  expect(inside).toEqual({ scrolls: true, within: true });
  await page.screenshot({ path: `${SHOTS}/import-refused.png` });

  await dialog.getByTestId('import-path').fill(path.join(host.dataRoot, 'models', 'tiny.onnx'));
  await dialog.getByTestId('import-confirm').click();
  await expect(dialog).toHaveCount(0, { timeout: 60_000 });
  const notice = page.getByTestId('editor-notice');
  await expect(notice).toContainText('Imported tiny.onnx as run');
  await expect(notice).toContainText('to name them, import again with Class names (File ▸ Import…).');
  await expect(notice).not.toContainText(/--\w/);
  await expect(page.locator('.banner--error')).toHaveCount(0);
});
