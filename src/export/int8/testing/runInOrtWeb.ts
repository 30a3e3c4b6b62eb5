import { createReadStream } from 'node:fs';
import { copyFile, mkdtemp, rm, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from '@playwright/test';
import { openPage } from '../../testing/chromiumPage';

const PAGE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'ortWebPage.html');
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm' };

export interface WebJob { model: string; input: Float32Array; shape: number[] }
export type WebResult = { dims: number[]; output: number[] } | { error: string };

/**
 * Runs ONNX models in stock onnxruntime-web (wasm) inside Chromium: a plain static server serves its
 * dist files, the models and a page that imports nothing of ours. In `shared` (left open) when given, else in a
 * Chromium of its own.
 */
export async function runInOrtWeb(jobs: WebJob[], shared?: Browser): Promise<WebResult[]> {
  const dir = await mkdtemp(path.join(tmpdir(), 'ort-web-'));
  // The package's exports map hides package.json; its main entry lies in dist/.
  const dist = path.dirname(createRequire(import.meta.url).resolve('onnxruntime-web'));
  const names = jobs.map((_, i) => `model-${i}.onnx`);
  await Promise.all([
    copyFile(PAGE, path.join(dir, 'index.html')),
    ...['ort.wasm.min.js', 'ort-wasm-simd-threaded.mjs', 'ort-wasm-simd-threaded.wasm'].map((f) => copyFile(path.join(dist, f), path.join(dir, f))),
    ...jobs.map((job, i) => copyFile(job.model, path.join(dir, names[i]))),
  ]);
  const server = createServer(async (request, response) => {
    const file = path.join(dir, path.basename(new URL(request.url ?? '/', 'http://x').pathname) || 'index.html');
    if (!(await stat(file).catch(() => null))?.isFile()) return void response.writeHead(404).end();
    response.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { page, close } = await openPage(shared);
  try {
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/index.html`);
    await page.waitForFunction(() => (globalThis as unknown as { ready?: boolean }).ready === true);
    return await page.evaluate(
      (request) => (globalThis as unknown as { runModels(j: unknown): Promise<WebResult[]> }).runModels(request),
      jobs.map((job, i) => ({ model: names[i], input: Array.from(job.input), shape: job.shape })),
    );
  } finally {
    await close();
    server.close();
    await rm(dir, { recursive: true, force: true });
  }
}
