import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeImage } from '../data/decode';
import { mulberry32 } from '../data/random';
import type { PreprocessSpec } from '../data/spec';
import { loadPreset } from '../graph/presets';
import { poolFreeDesign, withSoftmaxOutput } from './testing/designs';
import { ONNX_WEB_PAGE_FILES, WEB_PAGE_FILES, webPageInfo, writeOnnxWebPage, writeWebPage } from './webPage';

interface PagePreprocess {
  greyLevel(r: number, g: number, b: number): number;
  sourceRect(width: number, height: number, spec: Pick<PreprocessSpec, 'width' | 'height' | 'resize'>): { x: number; y: number; width: number; height: number };
  toInputValues(rgba: Uint8Array, spec: PreprocessSpec): Float32Array;
  topClasses(p: ArrayLike<number>, labels: string[], k?: number): { label: string; probability: number }[];
}
const page = (await import(pathToFileURL(path.resolve('assets/webpage/preprocess.js')).href)) as PagePreprocess;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'inception-webpage-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** A photo-like RGB PNG of random colours: every pixel a different colour, so grey conversion is exercised. */
async function randomRgbPng(width: number, height: number, seed: number): Promise<{ file: string; rgba: Uint8Array }> {
  const rng = mulberry32(seed);
  const rgb = Uint8Array.from({ length: width * height * 3 }, () => Math.floor(rng() * 256));
  const file = path.join(dir, `random-${seed}.png`);
  await writeFile(file, await sharp(rgb, { raw: { width, height, channels: 3 } }).png().toBuffer());
  const rgba = new Uint8Array(width * height * 4);
  for (let p = 0; p < width * height; p++) rgba.set([rgb[3 * p], rgb[3 * p + 1], rgb[3 * p + 2], 255], 4 * p);
  return { file, rgba };
}

describe("the page's preprocessing (assets/webpage/preprocess.js)", () => {
  it.each([1, 3, 4] as const)('gives exactly the input the app decodes, %i channel(s), from an image at the input size', async (channels) => {
    const spec: PreprocessSpec = { height: 40, width: 56, channels, resize: 'crop', mean: [0.4, 0.5, 0.6, 0.5].slice(0, channels), std: [0.2, 0.25, 0.3, 0.5].slice(0, channels) };
    const { file, rgba } = await randomRgbPng(spec.width, spec.height, 11 + channels);
    const app = await decodeImage(file, spec);
    const ours = page.toInputValues(rgba, spec);
    expect(ours.length).toBe(app.length);
    let differing = 0;
    for (let i = 0; i < app.length; i++) if (ours[i] !== app[i]) differing++;
    expect(differing).toBe(0);
  });

  it("grey: libvips' formula, exact for every grey level; off by one level on about one colour in a million (a rounding tie)", async () => {
    const rng = mulberry32(5);
    const n = 200_000;
    const rgb = Uint8Array.from({ length: n * 3 }, () => Math.floor(rng() * 256));
    for (let v = 0; v < 256; v++) rgb.set([v, v, v], 3 * v);
    const grey = await sharp(rgb, { raw: { width: 500, height: n / 500, channels: 3 } }).toColourspace('b-w').raw().toBuffer();
    const differences = Array.from({ length: n }, (_, i) => page.greyLevel(rgb[3 * i], rgb[3 * i + 1], rgb[3 * i + 2]) - grey[i]);
    expect(differences.slice(0, 256).every((d) => d === 0)).toBe(true);
    expect(differences.every((d) => Math.abs(d) <= 1)).toBe(true);
    expect(differences.filter((d) => d !== 0).length).toBeLessThanOrEqual(2);
  });

  it('crops the centre as sharp\'s cover does, or stretches', () => {
    const close = (r: { x: number; y: number; width: number; height: number }) => ({ x: expect.closeTo(r.x, 9), y: expect.closeTo(r.y, 9), width: expect.closeTo(r.width, 9), height: expect.closeTo(r.height, 9) });
    expect(page.sourceRect(100, 50, { width: 28, height: 28, resize: 'crop' })).toEqual(close({ x: 25, y: 0, width: 50, height: 50 }));
    expect(page.sourceRect(60, 120, { width: 30, height: 20, resize: 'crop' })).toEqual(close({ x: 0, y: 40, width: 60, height: 40 }));
    expect(page.sourceRect(100, 50, { width: 28, height: 28, resize: 'stretch' })).toEqual({ x: 0, y: 0, width: 100, height: 50 });
  });

  it('lists the top classes, most probable first', () => {
    expect(page.topClasses([0.1, 0.6, 0.3], ['a', 'b', 'c'], 2)).toEqual([{ label: 'b', probability: 0.6 }, { label: 'c', probability: 0.3 }]);
  });
});

describe('writeWebPage', () => {
  it('writes the page, its scripts and the stock TF.js bundle, with the model facts escaped in the HTML', async () => {
    const out = path.join(dir, 'export');
    await import('node:fs/promises').then((fs) => fs.mkdir(out));
    const written = await writeWebPage(out, { title: 'Cats </script><b>', output: 'logits' });
    expect(written).toEqual([...WEB_PAGE_FILES]);
    expect((await readdir(out)).sort()).toEqual([...WEB_PAGE_FILES].sort());
    const html = await readFile(path.join(out, 'index.html'), 'utf8');
    expect(html).not.toContain('__MODEL_INFO__');
    expect(html).not.toContain('</script><b>');
    const info = JSON.parse(html.match(/<script type="application\/json" id="model-info">(.*?)<\/script>/)![1]);
    expect(info).toEqual({ title: 'Cats </script><b>', output: 'logits' });
    const bundle = await readFile(path.join(out, 'tf.min.js'), 'utf8');
    const stock = await readFile(path.resolve('node_modules/@tensorflow/tfjs/dist/tf.min.js'), 'utf8');
    expect(bundle.length).toBeGreaterThan(1_000_000);
    expect(bundle).not.toContain('sourceMappingURL');
    expect(stock.startsWith(bundle.trimEnd())).toBe(true);
    expect(html).toContain('<script src="tf.min.js"></script>');
    expect(html).not.toContain('__RUNTIME_SCRIPTS__');
  });

  it('writes the ONNX twin: the same page with onnx-page.js and only the wasm files of stock onnxruntime-web', async () => {
    const out = path.join(dir, 'export-onnx');
    await import('node:fs/promises').then((fs) => fs.mkdir(out));
    const written = await writeOnnxWebPage(out, { title: 'Shoes', output: 'probabilities' });
    expect(written).toEqual([...ONNX_WEB_PAGE_FILES]);
    expect((await readdir(out)).sort()).toEqual([...ONNX_WEB_PAGE_FILES].sort());
    const html = await readFile(path.join(out, 'index.html'), 'utf8');
    expect(html).toContain('<script type="module" src="onnx-page.js"></script>');
    expect(html).not.toContain('tf.min.js');
    const dist = path.resolve('node_modules/onnxruntime-web/dist');
    // Buffer.equals: a deep toEqual over 15 MB takes minutes.
    expect((await readFile(path.join(out, 'ort-wasm-simd-threaded.wasm'))).equals(await readFile(path.join(dist, 'ort-wasm-simd-threaded.wasm')))).toBe(true);
    const esm = await readFile(path.join(out, 'ort.wasm.min.mjs'), 'utf8');
    expect(esm).not.toContain('sourceMappingURL');
    expect((await readFile(path.join(dist, 'ort.wasm.min.mjs'), 'utf8')).startsWith(esm.trimEnd())).toBe(true);
  });

  it('tells the page that a TF.js export gives probabilities, whether the design ends in logits or in Output', () => {
    expect(webPageInfo(loadPreset('small-cnn'))).toEqual({ title: loadPreset('small-cnn').name, output: 'probabilities' });
    expect(webPageInfo(poolFreeDesign()).output).toBe('probabilities');
    expect(webPageInfo(withSoftmaxOutput(poolFreeDesign())).output).toBe('probabilities');
  });
});
