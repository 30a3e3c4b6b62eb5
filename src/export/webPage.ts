import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GraphDoc } from '../graph/types';
import { atomicWrite } from '../io/atomicWrite';

/** What the page needs to know beyond model.json, labels.json and preprocessing.json. */
export interface WebPageInfo {
  /** Shown as the page's title: the design's name. */
  title: string;
  /** `logits` for a model that ends in class scores (the page applies softmax, as the app does); our TF.js exports give `probabilities`. */
  output: 'probabilities' | 'logits';
}

/** The files the page is made of, written beside model.json. */
export const WEB_PAGE_FILES = ['index.html', 'page.js', 'preprocess.js', 'tf.min.js', 'ui.js'] as const;

/**
 * The files of the ONNX twin, written beside model.onnx: the stock onnxruntime-web ES module for the wasm
 * backend only, and the one wasm build it loads (SIMD; run on one thread, so no cross-origin isolation needed).
 */
export const ORT_WEB_RUNTIME_FILES = ['ort.wasm.min.mjs', 'ort-wasm-simd-threaded.mjs', 'ort-wasm-simd-threaded.wasm'] as const;
export const ONNX_WEB_PAGE_FILES = ['index.html', 'onnx-page.js', 'preprocess.js', 'ui.js', ...ORT_WEB_RUNTIME_FILES] as const;

/**
 * `assets/webpage`: two levels above this file both from the sources (`src/export/`) and from the
 * bundles (`dist/node/`, `dist/electron/`); inside a packaged app it is read from app.asar.
 */
function pageAssetsDir(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'assets', 'webpage');
}

/** The stock TF.js browser bundle from the production node_modules (electron-builder ships it). */
function tfjsBundleFile(): string {
  return createRequire(import.meta.url).resolve('@tensorflow/tfjs/dist/tf.min.js');
}

/** The page's facts from the design a run trained. A TF.js export always ends in a softmax (appended after logits). */
export function webPageInfo(graph: GraphDoc): WebPageInfo {
  return { title: graph.name, output: 'probabilities' };
}

/** onnxruntime-web's dist/ folder in the production node_modules (its exports map hides package.json). */
function ortWebDistDir(): string {
  return path.dirname(createRequire(import.meta.url).resolve('onnxruntime-web'));
}

/** The dist files minus their source-map comments: the maps are not shipped, so the comment would only earn a 404. */
const withoutSourceMap = (code: string) => code.replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n');

/** Whether an export folder has what the page reads beside the model: the run's labels.json and preprocessing.json. */
export const canHaveWebPage = (copiedRunFiles: readonly string[]) => copiedRunFiles.includes('labels.json') && copiedRunFiles.includes('preprocessing.json');

/** JSON that is safe inside a `<script>` element: no `<` can close it. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

/** index.html with the model's facts and the page's scripts. */
async function pageHtml(info: WebPageInfo, scripts: string): Promise<string> {
  const template = await readFile(path.join(pageAssetsDir(), 'index.html'), 'utf8');
  return template.replace('__MODEL_INFO__', () => scriptJson(info)).replace('__RUNTIME_SCRIPTS__', () => scripts);
}

async function copyAssets(dir: string, names: string[]): Promise<void> {
  for (const name of names) await atomicWrite(path.join(dir, name), await readFile(path.join(pageAssetsDir(), name)));
}

/**
 * Writes a page that runs a TF.js export in a browser (`index.html`, its scripts and the stock TF.js
 * bundle) into the export folder: serve the folder with any static file server and open it.
 * @returns the files written, relative to `dir`.
 * @example await writeWebPage('/exports/run-tfjs', webPageInfo(graph));
 */
export async function writeWebPage(dir: string, info: WebPageInfo): Promise<string[]> {
  await atomicWrite(path.join(dir, 'index.html'), await pageHtml(info, '<script src="tf.min.js"></script>\n  <script type="module" src="page.js"></script>'));
  await copyAssets(dir, ['page.js', 'preprocess.js', 'ui.js']);
  await atomicWrite(path.join(dir, 'tf.min.js'), withoutSourceMap(await readFile(tfjsBundleFile(), 'utf8')));
  return [...WEB_PAGE_FILES];
}

/**
 * The ONNX twin of the TF.js page: the same page running `model.onnx` with the stock onnxruntime-web
 * (wasm), its runtime files copied from node_modules so that nothing comes from the internet.
 * @returns the files written, relative to `dir`.
 * @example await writeOnnxWebPage('/exports/run-onnx', webPageInfo(graph));
 */
export async function writeOnnxWebPage(dir: string, info: WebPageInfo): Promise<string[]> {
  await atomicWrite(path.join(dir, 'index.html'), await pageHtml(info, '<script type="module" src="onnx-page.js"></script>'));
  await copyAssets(dir, ['onnx-page.js', 'preprocess.js', 'ui.js']);
  const dist = ortWebDistDir();
  for (const name of ORT_WEB_RUNTIME_FILES) {
    const source = path.join(dist, name);
    await atomicWrite(path.join(dir, name), name.endsWith('.wasm') ? await readFile(source) : withoutSourceMap(await readFile(source, 'utf8')));
  }
  return [...ONNX_WEB_PAGE_FILES];
}
