import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import { fashionMnistAvailable, writeFashionMnistFolder } from '../src/data/testing/fashionMnist';
import { greyPng } from '../src/data/testing/images';
import { fashionMnist } from '../src/testing/installs';
import { needs, skipReason } from '../src/testing/requirements';
import { serveWithDataRoot, SHOTS, startServe, stopServe } from './fixtures';

interface TrainingHost {
  url: string;
  workspace: string;
  /** The folder given to the host with --root. */
  dataRoot: string;
  /** `dataRoot/fashion`: 10 class folders of 20 real Fashion-MNIST PNGs each. */
  dataDir: string;
  /** `dataRoot/fashion-small`: another folder, 10 classes of 10. */
  otherDir: string;
}

/**
 * Like e2e/fixtures.ts, but the host is also allowed a temporary folder (--root) that holds a small
 * real image folder made from Fashion-MNIST.
 */
const test = base.extend<object, { host: TrainingHost }>({
  host: [
    async ({}, use) => {
      await serveWithDataRoot(async (dataRoot) => {
        const dataDir = path.join(dataRoot, 'fashion');
        const otherDir = path.join(dataRoot, 'fashion-small');
        if (fashionMnistAvailable('t10k')) {
          await writeFashionMnistFolder(dataDir, { perClass: 20, split: 't10k' });
          await writeFashionMnistFolder(otherDir, { perClass: 10, split: 't10k' });
        }
        return { dataDir, otherDir };
      }, use);
    },
    { scope: 'worker' },
  ],
});

/** How many points the chart has drawn (UPlotChart sets data-points). */
const points = async (page: Page, testId: string): Promise<number> =>
  Number(await page.getByTestId(testId).getAttribute('data-points'));

/** Walks the host's folder browser from its roots down the given folder names. */
async function browse(page: Page, names: string[]) {
  const browser = page.getByTestId('folder-browser');
  await expect(browser).toBeVisible();
  for (const name of names) {
    await browser.getByTestId(`folder-entry-${name}`).click();
    await expect(browser.getByTestId('folder-path')).toHaveText(new RegExp(`${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
  }
}

/** A screenshot of the whole screen: the window is made as tall as the screen's scrolling body, then put back. */
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

/** Waits until every thumbnail inside `scope` has loaded (no placeholders left). */
async function thumbnailsLoaded(page: Page, scope: string) {
  await expect(page.locator(`${scope} .thumb--loading`)).toHaveCount(0);
}

let torchHere: boolean | undefined;

/** Whether this machine has a Python with torch (the host detects it the same way); asked once per worker, since importing torch costs seconds of CPU. */
async function hostHasTorch(): Promise<boolean> {
  const { spawnSync } = await import('node:child_process');
  torchHere ??= ['/usr/bin/python3', 'python3'].some((p) => spawnSync(p, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0);
  return torchHere;
}

test('choose a folder, train the small preset, stop, resume, see results, predict and export TF.js', async ({ page, host }) => {
  const missing = skipReason(fashionMnist('t10k'));
  test.skip(missing !== null, missing ?? '');
  test.setTimeout(240_000); // the first visit to the Train screen also measures the engines once
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(message.text());
  });
  await page.goto(host.url);

  // First run: the welcome offers the guided path, which opens Small CNN and the Dataset screen.
  await expect(page.getByTestId('welcome')).toBeVisible();
  await expect(page.getByTestId('design-name')).toHaveText(/GoogLeNet/);
  await page.screenshot({ path: `${SHOTS}/app-welcome.png` });
  await page.getByTestId('welcome-guide').click();
  await expect(page.getByTestId('dataset-screen')).toBeVisible();
  await expect(page.getByTestId('guide')).toBeVisible();
  await expect(page.getByTestId('design-name')).toHaveText('Small CNN 28×28 (fast demo)');

  // Dataset: the folder browser is limited to the allowed roots; --root gave it ours.
  await page.getByTestId('choose-dataset').click();
  await browse(page, [path.basename(host.dataRoot)]);
  await page.screenshot({ path: `${SHOTS}/app-folder-browser.png` });
  await browse(page, ['fashion']);
  await page.getByTestId('folder-choose').click();
  await expect(page.getByTestId('dataset-totals')).toHaveText(/10 classes · 200 images/);
  const rows = page.locator('[data-testid^="class-row-"]');
  await expect(rows).toHaveCount(10);
  await expect(page.getByTestId('class-row-Bag').getByTestId('class-count')).toHaveText('20');
  await expect(page.getByTestId('class-count')).toHaveText(Array(10).fill('20'));
  await thumbnailsLoaded(page, '[data-testid="class-table"]');
  // No augmentation unless asked for: no mirror by default; presets fill the fields.
  await expect(page.getByTestId('augment-preset-none')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('augment-flip')).not.toBeChecked();
  await page.getByTestId('augment-preset-digits').click();
  await expect(page.getByTestId('augment-shift')).toHaveValue('2');
  await expect(page.getByTestId('augment-flip')).not.toBeChecked();
  await page.getByTestId('augment-shift').fill('2');
  await page.getByTestId('augment-rotation').fill('10');
  await expect(page.getByTestId('augment-preset-hint')).toHaveText('Custom choices');
  await expect(page.locator('[data-testid="augment-preview"] img.thumb')).toHaveCount(24);
  await page.waitForTimeout(400);
  await thumbnailsLoaded(page, '[data-testid="augment-preview"]');
  await shootWhole(page, 'app-dataset.png');

  // A class-count mismatch is caught before start and fixed in one click.
  await page.getByTestId('nav-design').click();
  await page.getByTestId('node-fc').locator('.layer-node__title').click();
  await page.getByTestId('param-units').fill('7');
  await page.getByTestId('nav-train').click();
  await expect(page.getByTestId('class-mismatch')).toContainText('outputs 7 classes; the folder has 10');
  await expect(page.getByTestId('train-augment')).toContainText('Augmentation: shift 2 px, rotate ±10°, zoom ±0.08');
  await expect(page.getByTestId('start-training')).toBeDisabled();
  await shootWhole(page, 'app-train-setup.png');
  await page.getByTestId('fix-classes').click();
  await expect(page.getByTestId('class-mismatch')).toHaveCount(0);
  await expect(page.getByTestId('train-outputs')).toHaveText('10');
  // The host's engine check (a torch probe included) can take half a minute on a busy machine.
  await expect(page.getByTestId('engine-panel')).toBeVisible({ timeout: 90_000 });
  // "Automatic" is the default and says before Start what it picks here and why (measured once per machine).
  await expect(page.getByTestId('engine-auto')).toBeChecked({ timeout: 60_000 });
  await expect(page.getByTestId('engine-choice')).toContainText(/^(PyTorch on \S+|TF\.js .+): (about [\d.]+× faster than|about as fast as|the only engine)/, { timeout: 120_000 });
  // This run is the TF.js engine's, chosen by hand; the PyTorch one can be chosen where the host has torch.
  await page.getByTestId('engine-tfjs').check();
  await expect(page.getByTestId('engine-auto')).not.toBeChecked();
  if (await hostHasTorch()) {
    await expect(page.getByTestId('engine-torch')).not.toBeChecked();
    await page.getByTestId('engine-torch').check();
    await expect(page.getByTestId('engine-tfjs')).not.toBeChecked();
    await page.getByTestId('engine-tfjs').check();
  }
  await expect(page.getByTestId('memory-estimate')).toContainText(/Training needs about [\d.]+ GiB of memory at batch size \d+; [\d.]+ GiB is free/);

  // Few epochs and small batches, so the run lasts long enough to be stopped.
  await page.getByTestId('opt-epochs').fill('4');
  await page.getByTestId('opt-batch').fill('4');
  await page.getByTestId('start-training').click();
  const live = page.getByTestId('live-run');
  await expect(live).toHaveAttribute('data-phase', 'running', { timeout: 30_000 });
  await expect.poll(() => points(page, 'loss-chart'), { timeout: 30_000 }).toBeGreaterThan(3);
  const before = await points(page, 'loss-chart');
  await expect.poll(() => points(page, 'loss-chart'), { timeout: 20_000 }).toBeGreaterThan(before);

  // The design is read-only while it trains.
  await page.getByTestId('nav-design').click();
  await expect(page.getByTestId('read-only-banner')).toBeVisible();
  await page.getByTestId('nav-train').click();
  await expect(page.getByTestId('stat-rate')).not.toHaveText('—');
  await page.screenshot({ path: `${SHOTS}/app-train.png` });

  await page.getByTestId('stop-training').click();
  await expect(live).toHaveAttribute('data-phase', 'stopped', { timeout: 30_000 });
  const stoppedAt = await points(page, 'loss-chart');
  await page.getByTestId('resume-training').click();
  await expect(live).toHaveAttribute('data-phase', 'running', { timeout: 30_000 });
  await expect.poll(() => points(page, 'loss-chart'), { timeout: 30_000 }).toBeGreaterThan(stoppedAt);
  await expect(live).toHaveAttribute('data-phase', 'completed', { timeout: 60_000 });
  await expect(page.getByTestId('train-progress')).toHaveAttribute('aria-valuenow', '100');
  await expect(page.getByTestId('stat-epoch')).toHaveText('4 / 4');
  // A finished run trains on: one more epoch, from where it ended.
  await page.getByTestId('train-more-epochs').fill('1');
  await expect(page.getByTestId('train-more')).toHaveText('Train 1 more epoch');
  const finishedAt = await points(page, 'loss-chart');
  await page.getByTestId('train-more').click();
  await expect(live).toHaveAttribute('data-phase', 'completed', { timeout: 60_000 });
  await expect(page.getByTestId('stat-epoch')).toHaveText('5 / 5', { timeout: 60_000 });
  expect(await points(page, 'loss-chart')).toBeGreaterThan(finishedAt);
  // One best epoch and one training time, shown alike on Train, Results and Runs.
  const trainBest = (await page.getByTestId('stat-best').textContent())!;
  const trainTime = (await page.getByTestId('stat-time').textContent())!;
  expect(trainBest).toMatch(/\d+\.\d %/);
  await page.getByTestId('nav-design').click();
  await expect(page.getByTestId('read-only-banner')).toHaveCount(0);
  await page.getByTestId('nav-train').click();

  // Results: the validation confusion matrix, then the most confidently wrong images.
  await page.getByTestId('see-results').click();
  await expect(page.getByTestId('confusion-matrix')).toBeVisible();
  await expect(page.locator('[data-testid="confusion-matrix"] tbody tr')).toHaveCount(10);
  await expect(page.getByTestId('results-accuracy')).toHaveText(trainBest);
  await expect(page.getByTestId('results-time')).toHaveText(trainTime);
  // Columns are named like the rows, so a cell reads "row predicted as column".
  const rowNames = await page.locator('.matrix__row').evaluateAll((els) => els.map((el) => el.getAttribute('title')));
  expect(await page.locator('.matrix__col').evaluateAll((els) => els.map((el) => el.getAttribute('title')))).toEqual(rowNames);
  await expect(page.locator('.matrix__col-label')).toHaveText(rowNames.map((name) => (name!.length > 12 ? new RegExp(`^${name!.slice(0, 5)}.*…$`) : name!)));
  await page.getByTestId('evaluate-folder').click();
  await expect(page.getByTestId('wrong-grid')).toBeVisible({ timeout: 30_000 });
  await thumbnailsLoaded(page, '[data-testid="wrong-grid"]');
  // The matrix does not switch by itself: it still shows the validation split until asked.
  await expect(page.getByTestId('confusion-panel')).toContainText('images held out for validation');
  await page.getByRole('button', { name: 'Evaluated folder' }).click();
  await expect(page.getByTestId('confusion-panel')).toContainText('All ');
  // Click the cell of the most confidently wrong image: it is listed under the matrix.
  const first = page.getByTestId('wrong-image').first();
  const label = (await first.locator('.wrong__label strong').textContent())!;
  const predicted = (await first.locator('.wrong__predicted strong').textContent())!;
  const classes = await page.locator('.matrix__row').evaluateAll((els) => els.map((el) => el.getAttribute('title')));
  await page.getByTestId(`cell-${classes.indexOf(label)}-${classes.indexOf(predicted)}`).click();
  await expect(page.getByTestId('cell-images').getByTestId('wrong-image').first()).toBeVisible();
  // The validation split's cells too: evaluated again on request, a correct cell lists its images.
  await page.getByRole('button', { name: 'Validation split' }).click();
  const diagonal = await Promise.all(classes.map((_, i) => page.getByTestId(`cell-${i}-${i}`).textContent()));
  const fullest = diagonal.map(Number).reduce((best, n, i, all) => (n > all[best] ? i : best), 0);
  await page.getByTestId(`cell-${fullest}-${fullest}`).click();
  await page.getByTestId('cell-images').getByRole('button', { name: /Evaluate to list/ }).click();
  await expect(page.getByTestId('cell-images').getByTestId('wrong-image').first()).toBeVisible({ timeout: 20_000 });
  // A correct cell's images are seen correctly, not "seen as" in red.
  await expect(page.getByTestId('cell-images').getByTestId('prediction-right').first()).toHaveText('seen correctly');
  await expect(page.getByTestId('cell-images').locator('.wrong__predicted')).toHaveCount(0);
  await page.getByRole('button', { name: 'Evaluated folder' }).click();
  await page.getByTestId(`cell-${classes.indexOf(label)}-${classes.indexOf(predicted)}`).click();
  await shootWhole(page, 'app-results.png');

  // Export TF.js: the dialog says where the files went, and they are there.
  await page.getByTestId('results-export').click();
  // PyTorch formats are offered exactly when the host has a Python with torch.
  const torch = await hostHasTorch();
  if (torch) await expect(page.getByTestId('export-pytorch')).toBeEnabled();
  else await expect(page.getByTestId('export-pytorch')).toBeDisabled();
  await expect(page.getByTestId('export-onnx')).toBeEnabled();
  await page.getByTestId('export-tfjs').click();
  await expect(page.getByTestId('export-result')).toBeVisible({ timeout: 20_000 });
  const dir = (await page.getByTestId('export-dir').textContent())!;
  const written = await readdir(dir);
  expect(written).toEqual(expect.arrayContaining(['model.json', 'labels.json', 'preprocessing.json']));
  expect(written.some((f) => f.endsWith('.bin'))).toBe(true);
  expect((await stat(path.join(dir, 'model.json'))).size).toBeGreaterThan(100);
  await page.screenshot({ path: `${SHOTS}/app-export.png` });
  // Every format the host can write, in one go: TF.js, graph and ONNX (our own writer), and PyTorch code and bundle with torch.
  await page.getByTestId('export-all').click();
  await expect(page.getByTestId('export-written')).toHaveCount(torch ? 5 : 3, { timeout: 90_000 });
  const dirs = await page.getByTestId('export-dir').allTextContents();
  expect(await readdir(dirs.at(-1)!)).toContain('model.onnx');
  await page.getByTestId('export-close').click();

  // Try it: pick an image on the host and see the top classes.
  await page.getByTestId('nav-try').click();
  await expect(page.getByTestId('try-run').locator('option')).toHaveText([/^Small CNN.* · fashion · 10 classes · \d\d:\d\d · \d+\.\d %$/]);
  await expect(page.getByTestId('try-default')).toContainText('the newest run with the classes of fashion');
  await page.getByTestId('try-pick').click();
  await browse(page, [path.basename(host.dataRoot), 'fashion', 'Trouser']);
  const firstImage = page.getByTestId('folder-browser').locator('[data-testid^="image-entry-"]').first();
  await firstImage.check();
  await page.getByTestId('folder-browser').locator('[data-testid^="image-entry-"]').nth(1).check();
  await page.getByTestId('images-choose').click();
  await expect(page.getByTestId('prediction-0').getByTestId('prediction-top')).toHaveText(/\S/, { timeout: 20_000 });
  await expect(page.getByTestId('prediction-0').locator('.prediction__row')).toHaveCount(3);
  await thumbnailsLoaded(page, '[data-testid="predictions"]');
  await page.screenshot({ path: `${SHOTS}/app-try.png` });

  // Dropping an image file from the desktop: its bytes go to the host, which predicts on them.
  const sandal = path.join(host.dataDir, 'Sandal', (await readdir(path.join(host.dataDir, 'Sandal')))[0]);
  const bytes = [...(await readFile(sandal))];
  const drop = await page.evaluateHandle((data) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([new Uint8Array(data)], 'dropped sandal.png', { type: 'image/png' }));
    return transfer;
  }, bytes);
  await page.getByTestId('try-dropzone').dispatchEvent('drop', { dataTransfer: drop });
  await expect(page.getByTestId('predictions')).toContainText('dropped_sandal.png', { timeout: 20_000 });
  await expect(page.getByTestId('prediction-0').locator('.prediction__row')).toHaveCount(3);

  // A second, shorter run with a higher learning rate, to compare with the first.
  await page.getByTestId('nav-train').click();
  await page.getByTestId('opt-epochs').fill('2');
  await page.getByTestId('opt-lr').fill('0.005');
  const firstRun = await page.locator('.live__id').textContent();
  await page.getByTestId('start-training').click();
  await expect(page.locator('.live__id')).not.toHaveText(firstRun!);
  await expect(live).toHaveAttribute('data-phase', 'completed', { timeout: 40_000 });

  // Runs: the history, both runs compared on one chart.
  await page.getByTestId('nav-runs').click();
  const runRows = page.locator('[data-testid^="run-row-"]');
  await expect(runRows).toHaveCount(2);
  await expect(runRows.getByTestId('run-status')).toHaveText(['completed', 'completed']);
  await expect(runRows.getByTestId('run-engine')).toHaveText(['TF.jswasm', 'TF.jswasm']);
  await expect(runRows.getByTestId('run-data')).toHaveText(['fashion · 10 classes', 'fashion · 10 classes']);
  await expect(runRows.nth(1).getByTestId('run-best')).toHaveText(trainBest);
  await expect(runRows.nth(1).getByTestId('run-time')).toHaveText(trainTime);
  // A run can be given a name of its own; the compare legend names runs, their folder and classes.
  await runRows.nth(0).getByTestId('run-rename').click();
  await page.getByTestId('rename-input').fill('fashion, lr 0.005');
  await page.getByTestId('rename-save').click();
  await expect(runRows.nth(0).getByTestId('run-name')).toHaveText('fashion, lr 0.005');
  for (const row of await runRows.all()) await row.getByTestId('run-compare').check();
  await expect.poll(() => points(page, 'compare-chart'), { timeout: 10_000 }).toBe(5 + 2);
  await expect(page.getByTestId('compare-chart').locator('.u-legend')).toContainText('fashion, lr 0.005 · fashion · 10 classes');
  await page.screenshot({ path: `${SHOTS}/app-runs.png` });

  // Another folder: Train leaves the finished run of the first one behind, and names the new one.
  await page.getByTestId('nav-train').click();
  await page.getByTestId('backend-cpu').check();
  await page.getByTestId('nav-dataset').click();
  await page.getByTestId('choose-dataset').click();
  await browse(page, ['fashion-small']); // the browser opens beside the chosen folder
  await page.getByTestId('folder-choose').click();
  await expect(page.getByTestId('dataset-totals')).toHaveText(/10 classes · 100 images/);
  await page.getByTestId('nav-train').click();
  await expect(page.getByTestId('train-dir')).toHaveText(host.otherDir);
  await expect(page.getByTestId('train-more')).toHaveCount(0);
  await expect(page.getByTestId('live-run')).toHaveCount(0);
  await expect(page.getByTestId('train-left-behind')).toContainText(host.dataDir);
  await expect(page.getByTestId('guide')).toHaveCount(0);

  // A reload keeps the chosen folder (scanned again) and the backend.
  await page.reload();
  await page.getByTestId('nav-dataset').click();
  await expect(page.getByTestId('dataset-dir')).toHaveText(host.otherDir);
  await expect(page.getByTestId('dataset-totals')).toHaveText(/10 classes · 100 images/);
  await page.getByTestId('nav-train').click();
  await expect(page.getByTestId('backend-cpu')).toBeChecked();
  await expect(page.getByTestId('train-augment')).toContainText('shift 2 px');
  // TF.js, chosen by hand, survived the reload too: "Automatic" measures nothing for the design now open.
  await expect(page.getByTestId('engine-tfjs')).toBeChecked();
  await expect(page.getByTestId('engine-choice')).toHaveText(/^Choose it to measure both engines on this design/);
  expect(pageErrors).toEqual([]);
});

test('classes in natural order, and files that fail to decode while training are listed on Train as it happens', async ({ page, host }) => {
  test.setTimeout(240_000);
  // Three classes named by number, twelve small pictures each, and one PNG cut in half: its header passes
  // the Dataset screen's quick check, and only decoding finds it broken.
  const digits = path.join(host.dataRoot, 'digits');
  for (const [i, name] of ['10', '2', '1'].entries()) {
    await mkdir(path.join(digits, name), { recursive: true });
    for (let k = 0; k < 12; k++) await writeFile(path.join(digits, name, `${k}.png`), await greyPng(28, 28, 40 + i * 80 + k));
  }
  const whole = await greyPng(28, 28, 200);
  await writeFile(path.join(digits, '2', 'broken.png'), whole.subarray(0, Math.floor(whole.length / 2)));

  await page.goto(host.url);
  await page.getByTestId('preset-select').selectOption('small-cnn');
  const confirm = page.getByTestId('confirm-discard');
  if (await confirm.isVisible({ timeout: 1000 }).catch(() => false)) await confirm.click();
  await expect(page.getByTestId('design-name')).toHaveText(/Small CNN/);
  await page.getByTestId('nav-dataset').click();
  await page.getByTestId('choose-dataset').click();
  await browse(page, [path.basename(host.dataRoot), 'digits']);
  await page.getByTestId('folder-choose').click();
  await expect(page.getByTestId('dataset-totals')).toHaveText(/3 classes · 37 images · provisional/);
  await expect(page.locator('[data-testid^="class-row-"]')).toHaveCount(3);
  expect(await page.locator('[data-testid^="class-row-"]').evaluateAll((els) => els.map((el) => el.getAttribute('data-testid')))).toEqual(['class-row-1', 'class-row-2', 'class-row-10']);

  await page.getByTestId('nav-train').click();
  await page.getByTestId('fix-classes').click();
  await page.getByTestId('opt-epochs').fill('1');
  await page.getByTestId('opt-batch').fill('4');
  await page.getByTestId('start-training').click();
  const skipped = page.getByTestId('run-skipped');
  await expect(skipped).toContainText('1 file left out', { timeout: 120_000 });
  await skipped.locator('summary').click();
  await expect(skipped).toContainText('broken.png');
  await expect(page.getByTestId('live-run')).toHaveAttribute('data-phase', 'completed', { timeout: 120_000 });
  await page.screenshot({ path: `${SHOTS}/app-train-skipped.png` });
});

test('no images at hand: the guide makes the sample folder, finds a learning rate for it, and trains on it with PyTorch', async ({ page }) => {
  // A workspace of its own: the welcome (and so the guide) shows only where there are no runs yet.
  const workspace = await mkdtemp(path.join(os.tmpdir(), 'inception-e2e-sample-'));
  const { url, child } = await startServe(['--workspace', workspace]);
  try {
    await page.goto(url);
    await page.getByTestId('welcome-guide').click();
    await expect(page.getByTestId('dataset-screen')).toBeVisible();
    await page.getByTestId('guide').getByRole('button', { name: 'Use the sample folder' }).click();
    await expect(page.getByTestId('dataset-totals')).toHaveText(/4 classes · 1,000 images/, { timeout: 30_000 });
    await expect(page.getByTestId('dataset-dir')).toHaveText(path.join(workspace, 'samples', 'shapes'));
    for (const shape of ['circle', 'cross', 'square', 'triangle']) {
      await expect(page.getByTestId(`class-row-${shape}`).getByTestId('class-count')).toHaveText('250');
    }
    await thumbnailsLoaded(page, '[data-testid="class-table"]');
    await shootWhole(page, 'app-sample.png');
    // The guide moves on to training, where the class-count fix sets Small CNN's 10 outputs to 4, and the
    // Small CNN's learning rate suits the sample.
    await expect(page.getByTestId('guide')).toContainText('Press Start training');
    await page.getByTestId('dataset-next').click();
    await expect(page.getByTestId('opt-lr')).toHaveValue('0.005');

    // The learning-rate range test: a loss curve over rising rates, and its suggestion taken in one click.
    await page.getByTestId('find-lr').click();
    await expect(page.getByTestId('lr-suggested')).toContainText(/suggested \d/, { timeout: 60_000 });
    expect(await points(page, 'lr-chart')).toBeGreaterThanOrEqual(10);
    const suggested = (await page.getByTestId('lr-suggested').locator('strong').textContent())!;
    await page.getByTestId('use-lr').click();
    await expect(page.getByTestId('opt-lr')).toHaveValue(suggested);

    // With a Python that has torch, the same first run on the PyTorch engine, in fp32, from the UI.
    const torch = { name: 'torch', missing: (await hostHasTorch()) ? null : 'neither /usr/bin/python3 nor python3 imports torch' };
    if (needs(torch)) {
      await page.getByTestId('fix-classes').click();
      await page.getByTestId('engine-torch').check();
      await page.getByTestId('torch-precision').selectOption('fp32');
      await page.getByTestId('opt-epochs').fill('1');
      await page.getByTestId('start-training').click();
      const live = page.getByTestId('live-run');
      await expect(live).toHaveAttribute('data-phase', 'completed', { timeout: 60_000 });
      // A short backend name, the engine's whole description on hover.
      await expect(live.locator('.live__meta')).toContainText(/^CPU · fp32 · 800 training \/ 200 validation images$/);
      // fp32 as chosen; the memory format is the one measured fastest on this machine (cached per machine).
      await expect(live.locator('.live__meta > span').first()).toHaveAttribute('title', /^cpu: fp32(, channels_last)?, \d+ threads$/);
    }
  } finally {
    await stopServe(child);
    await rm(workspace, { recursive: true, force: true });
  }
});
