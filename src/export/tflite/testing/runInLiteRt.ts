import { createReadStream } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from '@playwright/test';
import { openPage } from '../../testing/chromiumPage';

const PAGE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'liteRtPage.html');
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm' };

/** One model and the NHWC float inputs to run it on, one at a time (the models have batch 1). */
export interface LiteRtJob { model: string; inputs: Float32Array[]; shape: number[] }
export type LiteRtResult = { dims: number[]; outputs: number[][]; inputs: string[]; outputNames: string[] } | { error: string };

/** The folder of an installed package's package.json (the exports maps hide it from `resolve`). */
function packageDir(name: string): string {
  const main = createRequire(import.meta.url).resolve(name);
  return main.slice(0, main.lastIndexOf(`${path.sep}dist${path.sep}`));
}

/**
 * Runs `.tflite` models in stock LiteRT.js (@litertjs/core; it needs a browser) inside Chromium: a plain
 * static server serves the package's dist and wasm files, the models and a page that imports nothing of ours. In
 * `shared` (left open) when given, else in a Chromium of its own.
 */
export async function runInLiteRt(jobs: LiteRtJob[], shared?: Browser): Promise<LiteRtResult[]> {
  const dir = await mkdtemp(path.join(tmpdir(), 'litert-'));
  const core = packageDir('@litertjs/core');
  const utils = packageDir('@litertjs/wasm-utils');
  const names = jobs.map((_, i) => `model-${i}.tflite`);
  await mkdir(path.join(dir, 'wasm'));
  await Promise.all([
    copyFile(PAGE, path.join(dir, 'index.html')),
    copyFile(path.join(core, 'dist', 'index.js'), path.join(dir, 'litert.js')),
    copyFile(path.join(utils, 'dist', 'index.js'), path.join(dir, 'wasm-utils.js')),
    ...['litert_wasm_internal', 'litert_wasm_compat_internal'].flatMap((f) => ['.js', '.wasm'].map((ext) => copyFile(path.join(core, 'wasm', f + ext), path.join(dir, 'wasm', f + ext)))),
    ...jobs.map((job, i) => copyFile(job.model, path.join(dir, names[i]))),
  ]);
  const server = createServer(async (request, response) => {
    const relative = path.normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname)).replace(/^([/\\]|\.\.)+/, '');
    const file = path.join(dir, relative || 'index.html');
    if (!(await stat(file).catch(() => null))?.isFile()) return void response.writeHead(404).end();
    response.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { page, close } = await openPage(shared);
  try {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/index.html`);
    await page.waitForFunction(() => (globalThis as unknown as { ready?: boolean }).ready === true, null, { timeout: 60_000 }).catch((e: Error) => {
      throw new Error(`LiteRT.js did not load: ${errors.join('; ') || e.message}`);
    });
    return await page.evaluate(
      (request) => (globalThis as unknown as { runModels(j: unknown): Promise<LiteRtResult[]> }).runModels(request),
      jobs.map((job, i) => ({ model: names[i], inputs: job.inputs.map((x) => Array.from(x)), shape: job.shape })),
    );
  } finally {
    await close();
    server.close();
    await rm(dir, { recursive: true, force: true });
  }
}
