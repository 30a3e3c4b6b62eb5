import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { test as base, expect, type Page } from '@playwright/test';
import { fashionMnistAvailable, writeFashionMnistFolder } from '../src/data/testing/fashionMnist';
import { serveWithDataRoot, SHOTS } from './fixtures';

/** Debian's Python, the one with torch and torchvision (the `python3` on PATH may have neither). */
const PYTHON = '/usr/bin/python3';
const CACHE = path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'inception-studio', 'import-onnx');
const haveTools = (existsSync(PYTHON) && fashionMnistAvailable('t10k')) || Boolean(process.env.CI);
/** The Fashion-MNIST classes the folder keeps: three, so the new head is plainly not ImageNet's. */
const CLASSES = ['Bag', 'Sneaker', 'Trouser'];

interface FineTuneHost {
  url: string;
  workspace: string;
  /** Holds `models/resnet18.onnx` and `fashion/` (3 classes of 4 real images); given to the host with --root. */
  dataRoot: string;
  /** torchvision's trainable parameter count of resnet18. */
  resnetParams: number;
}

/**
 * A host allowed a folder with torchvision's resnet18 exported to ONNX at 64×64 (its weights do not depend on
 * the input size; 224 made this test take minutes on wasm) with random weights, no download (written
 * by src/import/testing/torchvisionOnnx.py, cached like the import tests do) and a small Fashion-MNIST folder.
 */
const test = base.extend<object, { host: FineTuneHost }>({
  host: [
    async ({}, use) => {
      await serveWithDataRoot(async (dataRoot) => {
        if (!haveTools) return { resnetParams: 0 };
        const { stdout } = await promisify(execFile)(PYTHON, ['src/import/testing/torchvisionOnnx.py', '--size', '64', '--modes', 'preserve', CACHE, 'resnet18'], { timeout: 300_000 });
        const resnetParams = (JSON.parse(stdout.trim().split('\n').at(-1)!) as { trainable: number }).trainable;
        await mkdir(path.join(dataRoot, 'models'));
        await copyFile(path.join(CACHE, 'resnet18-64-preserve.onnx'), path.join(dataRoot, 'models', 'resnet18.onnx'));
        const fashion = path.join(dataRoot, 'fashion');
        await writeFashionMnistFolder(fashion, { perClass: 4, split: 't10k' });
        for (const name of await readdir(fashion)) if (!CLASSES.includes(name)) await rm(path.join(fashion, name), { recursive: true });
        return { resnetParams };
      }, use);
    },
    { scope: 'worker', timeout: 360_000 },
  ],
});

/** Walks the host's folder browser from its roots down the given folder names. */
async function browse(page: Page, names: string[]) {
  const browser = page.getByTestId('folder-browser');
  await expect(browser).toBeVisible();
  for (const name of names) {
    await browser.getByTestId(`folder-entry-${name}`).click();
    await expect(browser.getByTestId('folder-path')).toHaveText(new RegExp(`${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
  }
}

/** Scrolls the canvas (it pans on scroll) until the node is well inside it. */
async function panTo(page: Page, id: string) {
  const canvas = (await page.getByTestId('canvas').boundingBox())!;
  for (let i = 0; i < 200; i++) {
    const box = await page.getByTestId(`node-${id}`).boundingBox();
    if (box && box.y > canvas.y + 40 && box.y + box.height < canvas.y + canvas.height - 120) return;
    await page.mouse.move(canvas.x + canvas.width / 2, canvas.y + canvas.height / 2);
    await page.mouse.wheel(0, !box || box.y > canvas.y ? 300 : -300);
  }
  throw new Error(`node ${id} never came into view`);
}

/** The imported run's classifier (the Dense layer) and the node that feeds it, from its graph.json. */
async function headAndBefore(workspace: string): Promise<{ head: string; before: string }> {
  const runs = await readdir(path.join(workspace, 'runs'));
  const graph = JSON.parse(await readFile(path.join(workspace, 'runs', runs.find((r) => r.includes('imported'))!, 'graph.json'), 'utf8')) as {
    nodes: { id: string; kind: string }[]; edges: { source: string; target: string }[];
  };
  const head = graph.nodes.filter((n) => n.kind === 'Dense').at(-1)!.id;
  return { head, before: graph.edges.find((e) => e.target === head)!.source };
}

test('import resnet18 from ONNX, freeze all but its head, fine-tune on a folder, predict in Try it', async ({ page, host }) => {
  test.skip(!haveTools, 'needs Debian\'s Python with torch and torchvision, and Fashion-MNIST');
  test.setTimeout(900_000);
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(host.url);

  // File ▸ Import…: the model picked in the host's folder browser, ImageNet's normalisation one click.
  await page.getByTestId('file-import').click();
  const dialog = page.getByTestId('import-dialog');
  await expect(dialog.getByTestId('import-norm-file')).toHaveAttribute('aria-pressed', 'true');
  await dialog.getByTestId('import-browse').click();
  await browse(page, [path.basename(host.dataRoot), 'models']);
  await page.getByTestId('folder-browser').getByTestId('model-entry-resnet18.onnx').click();
  await expect(page.getByTestId('folder-browser')).toHaveCount(0);
  await expect(dialog.getByTestId('import-path')).toHaveValue(path.join(host.dataRoot, 'models', 'resnet18.onnx'));
  await dialog.getByTestId('import-norm-imagenet').click();
  await expect(dialog.getByTestId('import-mean')).toHaveValue('0.485, 0.456, 0.406');
  await expect(dialog.getByTestId('import-std')).toHaveValue('0.229, 0.224, 0.225');
  await dialog.getByTestId('import-height').fill('x');
  await dialog.getByTestId('import-confirm').click();
  await expect(dialog.getByRole('alert')).toHaveText(/whole number of pixels/);
  await dialog.getByTestId('import-height').fill('');
  await page.screenshot({ path: `${SHOTS}/finetune-import-dialog.png` });
  await dialog.getByTestId('import-confirm').click();
  await expect(dialog).toHaveCount(0, { timeout: 120_000 });

  // On the canvas with torchvision's parameter count.
  await expect(page.getByTestId('status-trainable')).toHaveText(host.resnetParams.toLocaleString('en-US'));
  await expect(page.getByTestId('design-trainable')).toHaveText(`${host.resnetParams.toLocaleString('en-US')} params`);
  const { head, before } = await headAndBefore(host.workspace);
  await panTo(page, before);
  await page.getByTestId(`node-${before}`).locator('.layer-node__title').click();
  const trainable = page.getByTestId('node-trainable');
  await expect(trainable).toBeChecked();
  await page.getByTestId('freeze-up-to').click();
  await expect(trainable).not.toBeChecked();
  await expect(page.getByTestId(`node-${before}`).getByTestId('node-frozen')).toBeVisible();
  await expect(page.getByTestId(`node-${head}`).getByTestId('node-frozen')).toHaveCount(0);
  const headParams = Number((await page.getByTestId(`node-${head}`).getByTestId('node-params').textContent())!.replaceAll(',', ''));
  await expect(page.getByTestId('status-trainable')).toHaveText(headParams.toLocaleString('en-US'));
  await expect(page.getByTestId('status-frozen')).toHaveText((host.resnetParams - headParams).toLocaleString('en-US'));
  await page.screenshot({ path: `${SHOTS}/finetune-inspector.png` });
  // The switch is one undoable edit.
  await trainable.click({ force: true });
  await expect(trainable).toBeChecked();
  await page.getByTestId('inspector-id').click();
  await page.keyboard.press('Control+z');
  await expect(trainable).not.toBeChecked();
  await page.keyboard.press('Escape');
  await page.getByTestId('fit-button').click();
  await expect(page.getByTestId('design-frozen')).toHaveText(/params in \d+ layers/);
  await page.screenshot({ path: `${SHOTS}/finetune-canvas.png` });

  // Runs ▸ Fine-tune…: keeps the open design with its frozen layers, then Dataset.
  await page.getByTestId('nav-runs').click();
  await page.locator('[data-testid^="run-row-"]').filter({ hasText: 'resnet18' }).getByTestId('run-fine-tune').click();
  await expect(page.getByTestId('dataset-screen')).toBeVisible();
  await page.getByTestId('choose-dataset').click();
  await browse(page, [path.basename(host.dataRoot), 'fashion']);
  await page.getByTestId('folder-choose').click();
  await expect(page.getByTestId('dataset-totals')).toHaveText(/3 classes · 12 images/);

  await page.getByTestId('nav-train').click();
  await expect(page.getByTestId('start-from-caption')).toHaveText('Starting from resnet18 — new head for 3 classes');
  await expect(page.getByTestId('class-mismatch')).toHaveCount(0);
  await expect(page.getByTestId('engine-panel')).toBeVisible({ timeout: 90_000 });
  await page.getByTestId('engine-tfjs').check();
  await page.getByTestId('opt-epochs').fill('1');
  await page.getByTestId('opt-batch').fill('4');
  await page.getByTestId('start-from').scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/finetune-train.png` });
  await page.getByTestId('start-training').click();
  const live = page.getByTestId('live-run');
  await expect(live).toHaveAttribute('data-phase', /completed|early-stopped/, { timeout: 420_000 });

  const runs = await readdir(path.join(host.workspace, 'runs'));
  const tuned = runs.find((r) => !r.includes('imported'))!;
  const config = JSON.parse(await readFile(path.join(host.workspace, 'runs', tuned, 'config.json'), 'utf8')) as { init: { run: string } };
  expect(config.init.run).toMatch(/imported-resnet18/);
  // The engine copied every weight but the head's, which started fresh for the three classes.
  const start = (await readFile(path.join(host.workspace, 'runs', tuned, 'metrics.jsonl'), 'utf8')).split('\n').filter(Boolean)
    .map((line) => JSON.parse(line) as { type: string; init?: { copied: number; fresh: string[] } }).find((e) => e.type === 'start')!;
  expect(start.init!.fresh).toEqual([head]);
  expect(start.init!.copied).toBeGreaterThan(60);
  await expect(page.getByTestId('live-init')).toContainText(`; ${head} fresh.`);

  // Try it: the fine-tuned model names one of the folder's three classes.
  await page.getByTestId('nav-try').click();
  await page.getByTestId('try-run').selectOption(tuned);
  await page.getByTestId('try-pick').click();
  await browse(page, [path.basename(host.dataRoot), 'fashion', 'Bag']);
  await page.getByTestId('folder-browser').locator('[data-testid^="image-entry-"]').first().check();
  await page.getByTestId('images-choose').click();
  await expect(page.getByTestId('prediction-0').getByTestId('prediction-top')).toHaveText(new RegExp(CLASSES.join('|')), { timeout: 240_000 });
  expect(pageErrors).toEqual([]);
});
