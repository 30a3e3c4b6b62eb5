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
export const WEB_PAGE_FILES = ['index.html', 'page.js', 'preprocess.js', 'tf.min.js'] as const;

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

/** JSON that is safe inside a `<script>` element: no `<` can close it. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

/**
 * Writes a page that runs a TF.js export in a browser (`index.html`, its scripts and the stock TF.js
 * bundle) into the export folder: serve the folder with any static file server and open it.
 * @returns the files written, relative to `dir`.
 * @example await writeWebPage('/exports/run-tfjs', webPageInfo(graph));
 */
export async function writeWebPage(dir: string, info: WebPageInfo): Promise<string[]> {
  const assets = pageAssetsDir();
  const html = (await readFile(path.join(assets, 'index.html'), 'utf8')).replace('__MODEL_INFO__', () => scriptJson(info));
  await atomicWrite(path.join(dir, 'index.html'), html);
  for (const script of ['page.js', 'preprocess.js']) await atomicWrite(path.join(dir, script), await readFile(path.join(assets, script)));
  // The source map is not shipped, so its comment would only earn a 404 from the server.
  const bundle = (await readFile(tfjsBundleFile(), 'utf8')).replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n');
  await atomicWrite(path.join(dir, 'tf.min.js'), bundle);
  return [...WEB_PAGE_FILES];
}
