import { createReadStream, existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';

export const PROFILE_PAGE_NAME = 'profilePage.html';
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json' };

/** A model as the browser runtimes take it: model.onnx (onnxruntime-web), model.tflite (LiteRT.js) or model.json (TF.js); `shape` is C×H×W. */
export interface ChromiumJob { file: string; kind: 'onnx' | 'tflite' | 'tfjs'; shape: readonly number[] }

/** One model's cost in a fresh Chromium, at batch 1. */
export interface ChromiumMeasurement {
  runtime: string;
  where: string;
  loadMs: number;
  medianMs: number;
  p95Ms: number;
  peakMemoryBytes: number;
  /** What `peakMemoryBytes` is. */
  memory: string;
}

/** The page beside this module (source), or beside the CLI bundle in dist/node, or dist/node's from Electron's dist/electron. */
function pagePath(): string {
  const candidates = [new URL(`./${PROFILE_PAGE_NAME}`, import.meta.url), new URL(`../node/${PROFILE_PAGE_NAME}`, import.meta.url)].map((u) => fileURLToPath(u));
  const found = candidates.find((c) => existsSync(c));
  if (!found) throw new Error(`the profile page is missing: expected ${candidates.join(' or ')} (npm run build:node writes it)`);
  return found;
}

/** The folder of an installed package (the exports maps hide package.json; the main entries lie in dist/). */
function packageDist(name: string): string {
  const main = createRequire(import.meta.url).resolve(name);
  return main.slice(0, main.lastIndexOf(`${path.sep}dist${path.sep}`) + `${path.sep}dist`.length);
}

/** A folder with the page and the stock runtimes it loads: onnxruntime-web, TF.js and LiteRT.js, nothing of ours. */
async function pageFolder(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'inception-chromium-profile-'));
  const ortWeb = packageDist('onnxruntime-web');
  const liteRt = path.dirname(packageDist('@litertjs/core'));
  await mkdir(path.join(dir, 'wasm'));
  await Promise.all([
    copyFile(pagePath(), path.join(dir, 'index.html')),
    ...['ort.wasm.min.js', 'ort-wasm-simd-threaded.mjs', 'ort-wasm-simd-threaded.wasm'].map((f) => copyFile(path.join(ortWeb, f), path.join(dir, f))),
    copyFile(createRequire(import.meta.url).resolve('@tensorflow/tfjs/dist/tf.min.js'), path.join(dir, 'tf.min.js')),
    copyFile(path.join(liteRt, 'dist', 'index.js'), path.join(dir, 'litert.js')),
    copyFile(path.join(packageDist('@litertjs/wasm-utils'), 'index.js'), path.join(dir, 'wasm-utils.js')),
    ...['litert_wasm_internal', 'litert_wasm_compat_internal'].flatMap((f) => ['.js', '.wasm'].map((ext) => copyFile(path.join(liteRt, 'wasm', f + ext), path.join(dir, 'wasm', f + ext)))),
  ]);
  return dir;
}

/** Serves `dir`, and under /model/ the files of whichever model folder `modelDir()` names at the time. */
async function serve(dir: string, modelDir: () => string): Promise<{ server: Server; base: string }> {
  const server = createServer(async (request, response) => {
    const relative = path.normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname)).replace(/^([/\\]|\.\.)+/, '');
    const [first, ...rest] = relative.split(/[/\\]/);
    const file = first === 'model' ? path.join(modelDir(), path.basename(rest.join('/'))) : path.join(dir, relative || 'index.html');
    if (!(await stat(file).catch(() => null))?.isFile()) return void response.writeHead(404).end();
    response.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const RUNNERS = { onnx: 'benchOnnx', tflite: 'benchTflite', tfjs: 'benchTfjs' } as const;

/**
 * The largest peak resident memory (VmHWM) among the browser's renderer processes, which CDP names; the browser
 * is fresh and has one page, so that is the page's renderer. Null where /proc is not there (not Linux).
 */
async function rendererPeak(browser: Browser): Promise<number | null> {
  const session = await browser.newBrowserCDPSession();
  const { processInfo } = (await session.send('SystemInfo.getProcessInfo')) as { processInfo: { type: string; id: number }[] };
  const peaks = await Promise.all(
    processInfo.filter((p) => p.type === 'renderer').map(async (p) => {
      const status = await readFile(`/proc/${p.id}/status`, 'utf8').catch(() => '');
      const kb = /^VmHWM:\s+(\d+) kB/m.exec(status);
      return kb ? Number(kb[1]) * 1024 : null;
    }),
  );
  const known = peaks.filter((p): p is number => p !== null);
  return known.length ? Math.max(...known) : null;
}

/** A fresh headless Chromium with the page loaded and its runtimes ready. */
async function openPage(executable: string, base: string): Promise<{ browser: Browser; page: Page }> {
  // Loaded when a page is opened, not with every command that could ask for one (0.7 s of CPU).
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: executable, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${base}/index.html`);
    await page.waitForFunction(() => (globalThis as unknown as { ready?: boolean; liteRtReady?: boolean }).ready === true && (globalThis as unknown as { liteRtReady?: boolean }).liteRtReady === true, null, { timeout: 120_000 }).catch((e: Error) => {
      throw new Error(`the runtimes did not load in Chromium: ${errors.join('; ') || e.message}`);
    });
    return { browser, page };
  } catch (error) {
    await browser.close();
    throw error;
  }
}

/**
 * Measures each model in stock browser runtimes inside a Chromium of its own (launched from `executable` by
 * playwright-core, headless): load time, median and p95 latency of `runs` batch-1 runs after 5 warm-up runs, and
 * the peak memory of the page's renderer process (or, where that cannot be read, its JavaScript heap).
 */
export async function measureInChromium(executable: string, jobs: ChromiumJob[], runs: number): Promise<ChromiumMeasurement[]> {
  const dir = await pageFolder();
  let current = '';
  const { server, base } = await serve(dir, () => current);
  try {
    const measured: ChromiumMeasurement[] = [];
    for (const job of jobs) {
      current = path.dirname(job.file);
      const { browser, page } = await openPage(executable, base);
      try {
        const result = await page.evaluate(
          ([runner, url, shape, n]) => (globalThis as unknown as Record<string, (u: string, s: readonly number[], r: number) => Promise<{ loadMs: number; times: number[]; backend: string }>>)[runner](url, shape, n),
          [RUNNERS[job.kind], `${base}/model/${path.basename(job.file)}`, [...job.shape], runs] as const,
        );
        const at = (q: number) => result.times[Math.min(result.times.length - 1, Math.floor(q * result.times.length))];
        const peak = await rendererPeak(browser);
        measured.push({
          runtime: result.backend,
          where: `Chromium ${browser.version()}, headless, a browser of its own`,
          loadMs: result.loadMs,
          medianMs: at(0.5),
          p95Ms: at(0.95),
          peakMemoryBytes: peak ?? (await pageHeap(page)),
          memory: peak !== null ? "peak resident memory of the page's renderer process (VmHWM; the page and the runtime's wasm included)" : "JavaScript heap in use after the runs (CDP JSHeapUsedSize; wasm memory not included)",
        });
      } finally {
        await browser.close();
      }
    }
    return measured;
  } finally {
    server.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** A file of little-endian float32 N×C×H×W inputs. */
export interface InputBatch { file: string; shape: readonly number[] }

/**
 * Classifies the images of `batches` with each `.tflite` model in stock LiteRT.js (wasm, XNNPack) inside one
 * headless Chromium: the predicted class per image, per model. Models and batch files must share one folder.
 */
export async function classifyTfliteInChromium(executable: string, models: string[], batches: InputBatch[]): Promise<number[][]> {
  const folders = new Set([...models, ...batches.map((b) => b.file)].map((f) => path.dirname(f)));
  if (folders.size !== 1) throw new Error(`expected the models and batch files in one folder, found ${[...folders].join(', ')}`);
  const dir = await pageFolder();
  const { server, base } = await serve(dir, () => [...folders][0]);
  try {
    const { browser, page } = await openPage(executable, base);
    try {
      const predicted: number[][] = [];
      for (const model of models) {
        predicted.push(
          await page.evaluate(
            ([url, list]) => (globalThis as unknown as { classifyTflite(u: string, b: unknown): Promise<number[]> }).classifyTflite(url, list),
            [`${base}/model/${path.basename(model)}`, batches.map((b) => ({ url: `${base}/model/${path.basename(b.file)}`, shape: [...b.shape] }))] as const,
          ),
        );
      }
      return predicted;
    } finally {
      await browser.close();
    }
  } finally {
    server.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** The page's JavaScript heap in use (CDP Performance.getMetrics). */
async function pageHeap(page: Page): Promise<number> {
  const session = await page.context().newCDPSession(page);
  await session.send('Performance.enable');
  const { metrics } = await session.send('Performance.getMetrics');
  return metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
}
