import { execFile } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import type { Page } from '@playwright/test';
import { fashionMnistAvailable, writeFashionMnistFolder } from '../src/data/testing/fashionMnist';
import { EXPORT_TEST_DESIGN } from '../src/export/testing/designs';
import { expect, SHOTS, test as base } from './fixtures';

const run = promisify(execFile);
const inception = (args: string[]) => run(process.execPath, ['bin/inception.mjs', ...args], { timeout: 120_000 });

interface TrainedRun {
  workspace: string;
  runId: string;
  /** A Sandal and a Bag image at the model's input size (28×28 grey PNGs), so that no browser resize can differ from sharp's. */
  images: string[];
  /** What `inception predict` says of `images`. */
  predicted: { top: { label: string; probability: number }[] }[];
}

/**
 * One run of the export tests' design trained by the CLI (2 epochs on 100 Fashion-MNIST images) and `inception
 * predict`'s answer for two of its images, made once per worker: every page below exports this run.
 */
const test = base.extend<object, { trained: TrainedRun }>({
  trained: [
    async ({}, use) => {
      const root = await mkdtemp(path.join(os.tmpdir(), 'inception-webpage-e2e-'));
      try {
        const data = path.join(root, 'images');
        await writeFashionMnistFolder(data, { perClass: 10, split: 't10k', format: 'png' });
        const design = path.join(root, 'design.json');
        await writeFile(design, JSON.stringify(EXPORT_TEST_DESIGN()));
        const workspace = path.join(root, 'ws');
        // TF.js named: "Automatic" would first measure both engines in this fresh workspace (about 10 s of CPU), and
        // what is checked here, the page against `inception predict` on the same run, is not about the engine
        // (the automatic choice is training.spec.ts's and src/service/engineChoice.test.ts's).
        const trained = await inception(['train', design, '--data', data, '--epochs', '2', '--batch', '16', '--engine', 'tfjs', '--workspace', workspace]);
        const runId = trained.stdout.match(/^run (\S+)$/m)![1];
        const images = await Promise.all(['Sandal', 'Bag'].map(async (c) => path.join(data, c, (await readdir(path.join(data, c)))[0])));
        const predicted = JSON.parse((await inception(['predict', runId, ...images, '--json', '--workspace', workspace])).stdout) as TrainedRun['predicted'];
        await use({ workspace, runId, images, predicted });
      } finally {
        await rm(root, { recursive: true, force: true });
      }
    },
    { scope: 'worker', timeout: 240_000 },
  ],
});

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.json': 'application/json', '.bin': 'application/octet-stream', '.md': 'text/markdown', '.mjs': 'text/javascript', '.wasm': 'application/wasm' };

/** Any static file server will do: this one serves a folder's files and nothing else. */
async function serveFolder(dir: string): Promise<{ url: string; server: Server }> {
  const server = createServer(async (request, response) => {
    const name = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname).replace(/^\/+/, '') || 'index.html';
    const file = path.join(dir, path.basename(name));
    if (!(await stat(file).catch(() => null))?.isFile()) return void response.writeHead(404).end();
    response.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, server };
}

test.skip(!fashionMnistAvailable('t10k'), 'needs Fashion-MNIST (Debian package dataset-fashion-mnist)');

/** The page's top-1 class and probability, once it has shown results for `name`. */
async function topOne(page: Page, name: string): Promise<{ label: string; probability: number }> {
  await expect(page.locator('#image-name')).toHaveText(name, { timeout: 20_000 });
  const first = page.locator('#results li[data-rank="1"]');
  await expect(page.locator('#results li')).toHaveCount(5);
  return { label: (await first.getAttribute('data-label'))!, probability: Number(await first.getAttribute('data-probability')) };
}

test('the exported web page, served by a plain static server, predicts as `inception predict` does', async ({ page, trained }) => {
  test.setTimeout(180_000);
  const root = await mkdtemp(path.join(os.tmpdir(), 'inception-webpage-e2e-'));
  const served: Server[] = [];
  const { workspace, runId, images, predicted } = trained;
  try {
    const out = path.join(root, 'export');
    await inception(['export', runId, '--format', 'tfjs', '--out', out, '--workspace', workspace]);
    expect(await readdir(out)).toEqual(expect.arrayContaining(['index.html', 'page.js', 'preprocess.js', 'tf.min.js', 'model.json', 'labels.json', 'preprocessing.json', 'README.md']));

    const { url, server } = await serveFolder(out);
    served.push(server);
    const failed: string[] = [];
    page.on('requestfailed', (r) => failed.push(r.url()));
    page.on('response', (r) => r.status() >= 400 && failed.push(`${r.status()} ${r.url()}`));
    await page.goto(url);
    await expect(page.locator('body')).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
    await expect(page.locator('#input-info')).toHaveText('10 classes · input 28×28, grey · centre crop');
    await expect(page.locator('h1')).toHaveText(EXPORT_TEST_DESIGN().name);

    // Picked with the file input.
    await page.locator('#file').setInputFiles(images[0]);
    const picked = await topOne(page, path.basename(images[0]));
    expect(picked.label).toBe(predicted[0].top[0].label);
    expect(Math.abs(picked.probability - predicted[0].top[0].probability)).toBeLessThanOrEqual(1e-3);

    // Dropped from the desktop.
    const bytes = [...(await readFile(images[1]))];
    const transfer = await page.evaluateHandle(([data, name]) => {
      const t = new DataTransfer();
      t.items.add(new File([new Uint8Array(data)], name, { type: 'image/png' }));
      return t;
    }, [bytes, path.basename(images[1])] as const);
    await page.locator('#drop').dispatchEvent('drop', { dataTransfer: transfer });
    const dropped = await topOne(page, path.basename(images[1]));
    expect(dropped.label).toBe(predicted[1].top[0].label);
    expect(Math.abs(dropped.probability - predicted[1].top[0].probability)).toBeLessThanOrEqual(1e-3);
    console.log(`page vs inception predict, top-1 probability: |Δ| ${Math.abs(picked.probability - predicted[0].top[0].probability).toExponential(2)} (picked), ${Math.abs(dropped.probability - predicted[1].top[0].probability).toExponential(2)} (dropped), ${await page.evaluate(() => (globalThis as unknown as { tf: { getBackend(): string } }).tf.getBackend())} backend`);
    await page.screenshot({ path: `${SHOTS}/export-webpage.png` });
    expect(failed).toEqual([]);

    // Opened from the disk instead, the page says how to open it.
    await page.goto(pathToFileURL(path.join(out, 'index.html')).href);
    await expect(page.locator('#status')).toContainText('serve this folder over HTTP');
  } finally {
    for (const server of served) server.close();
    await rm(root, { recursive: true, force: true });
  }
});

test('the ONNX exports (float32 and int8) carry the same page on stock onnxruntime-web (wasm), predicting as `inception predict` does', async ({ page, trained }) => {
  test.setTimeout(300_000);
  const root = await mkdtemp(path.join(os.tmpdir(), 'inception-onnx-webpage-e2e-'));
  const served: Server[] = [];
  const { workspace, runId, images, predicted } = trained;
  try {

    // float32 gives the app's probabilities; int8 the same top class, its probability within the quantisation's error.
    for (const [format, tolerance] of [['onnx', 1e-3], ['onnx-int8', 0.02]] as const) {
      const out = path.join(root, format);
      await inception(['export', runId, '--format', format, '--out', out, '--workspace', workspace]);
      expect(await readdir(out)).toEqual(expect.arrayContaining(['index.html', 'onnx-page.js', 'ui.js', 'preprocess.js', 'ort.wasm.min.mjs', 'ort-wasm-simd-threaded.mjs', 'ort-wasm-simd-threaded.wasm', 'model.onnx', 'labels.json', 'preprocessing.json', 'README.md']));
      expect(await readFile(path.join(out, 'README.md'), 'utf8')).toContain('### The web page');
      const { url, server } = await serveFolder(out);
      served.push(server);
      const failed: string[] = [];
      page.removeAllListeners('requestfailed');
      page.removeAllListeners('response');
      page.on('requestfailed', (r) => failed.push(r.url()));
      page.on('response', (r) => r.status() >= 400 && failed.push(`${r.status()} ${r.url()}`));
      await page.goto(url);
      await expect(page.locator('body')).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
      await expect(page.locator('#status')).toContainText('onnxruntime-web 1.');
      await expect(page.locator('#input-info')).toHaveText('10 classes · input 28×28, grey · centre crop');

      await page.locator('#file').setInputFiles(images[0]);
      const picked = await topOne(page, path.basename(images[0]));
      expect(picked.label).toBe(predicted[0].top[0].label);
      expect(Math.abs(picked.probability - predicted[0].top[0].probability)).toBeLessThanOrEqual(tolerance);

      const bytes = [...(await readFile(images[1]))];
      const transfer = await page.evaluateHandle(([data, name]) => {
        const t = new DataTransfer();
        t.items.add(new File([new Uint8Array(data)], name, { type: 'image/png' }));
        return t;
      }, [bytes, path.basename(images[1])] as const);
      await page.locator('#drop').dispatchEvent('drop', { dataTransfer: transfer });
      const dropped = await topOne(page, path.basename(images[1]));
      expect(dropped.label).toBe(predicted[1].top[0].label);
      expect(Math.abs(dropped.probability - predicted[1].top[0].probability)).toBeLessThanOrEqual(tolerance);
      console.log(`${format} page vs inception predict, top-1 probability: |Δ| ${Math.abs(picked.probability - predicted[0].top[0].probability).toExponential(2)} (picked), ${Math.abs(dropped.probability - predicted[1].top[0].probability).toExponential(2)} (dropped)`);
      await page.screenshot({ path: `${SHOTS}/export-webpage-${format}.png` });
      expect(failed).toEqual([]);
    }
  } finally {
    for (const server of served) server.close();
    await rm(root, { recursive: true, force: true });
  }
});
