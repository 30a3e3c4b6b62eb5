import { mkdtemp, readFile, rm, utimes } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeImage } from '../data';
import { NO_AUGMENT } from '../contract/augment';
import { loadPreset } from '../graph/presets';
import { zooGraph } from '../torch/testing/graphs';
import type { FolderPrediction } from '../contract/classification';
import { classifyFolder } from './classifyFolder';
import { loadInferenceModel } from './loadInference';
import { ensureRunOnnx } from './onnx/runOnnx';
import { evaluateSamples, predictImages } from './evaluateModel';
import { writeTestImages, writeTestRun } from '../import/testing/importedRuns';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'inception-runtimes-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const forced = (runtime: 'onnx' | 'tfjs') => ({ runtime, cacheFile: null });

describe('ONNX Runtime on our ONNX export gives the TF.js engine\'s probabilities', () => {
  const designs = [['small-cnn', loadPreset('small-cnn')], ['googlenet-96', loadPreset('googlenet-96')], ['every node kind', zooGraph()]] as const;
  for (const [name, graph] of designs) {
    it(`${name}: the same probabilities within 1e-4 for the same images, batch by batch and through predict`, async () => {
      const runDir = path.join(dir, name.replace(/\W/g, '-'));
      const { spec, classes } = await writeTestRun(runDir, graph);
      const images = await writeTestImages(path.join(runDir, '..', `${path.basename(runDir)}-images`), 6, { channels: spec.channels === 1 ? 1 : 3, size: 20 });
      const { model: tfjs, choice: tfjsChoice } = await loadInferenceModel(runDir, forced('tfjs'));
      const { model: onnx, choice: onnxChoice } = await loadInferenceModel(runDir, forced('onnx'));
      try {
        expect([tfjsChoice.runtime, onnxChoice.runtime]).toEqual(['tfjs', 'onnx']);
        const pixels = await Promise.all(images.map((f) => decodeImage(f, spec, NO_AUGMENT)));
        const x = new Float32Array(pixels.length * pixels[0].length);
        pixels.forEach((p, i) => x.set(p, i * p.length));
        const [expected, actual] = [await tfjs.probabilities(x, images.length), await onnx.probabilities(x, images.length)];
        expect(actual.length).toBe(images.length * classes.length);
        let largest = 0;
        for (let i = 0; i < expected.length; i++) largest = Math.max(largest, Math.abs(expected[i] - actual[i]));
        expect(largest).toBeLessThanOrEqual(1e-4);
        // Not a uniform answer that any two models would share.
        expect(Math.max(...expected) - Math.min(...expected)).toBeGreaterThan(0.01);

        const [viaTfjs, viaOnnx] = [await predictImages(tfjs, images, 3), await predictImages(onnx, images, 3)];
        for (const [i, p] of viaOnnx.entries()) {
          expect(p.top.map((t) => t.label)).toEqual(viaTfjs[i].top.map((t) => t.label));
          for (const [j, t] of p.top.entries()) expect(Math.abs(t.probability - viaTfjs[i].top[j].probability)).toBeLessThanOrEqual(1e-4);
        }
      } finally {
        await Promise.all([tfjs.close(), onnx.close()]);
      }
    }, 180_000);
  }
});

describe('the run\'s ONNX file', () => {
  it('is written once per run and again only when the run\'s model changes', async () => {
    const runDir = path.join(dir, 'cached');
    await writeTestRun(runDir, loadPreset('small-cnn'));
    const first = await ensureRunOnnx(runDir);
    expect(first.written).toBe(true);
    const bytes = await readFile(first.file);
    expect(await ensureRunOnnx(runDir)).toEqual({ file: first.file, written: false });
    const later = new Date(Date.now() + 5000);
    await utimes(path.join(runDir, 'model', 'model.json'), later, later);
    expect((await ensureRunOnnx(runDir)).written).toBe(true);
    expect(await readFile(first.file)).toEqual(bytes);
  }, 60_000);
});

describe('the automatic runtime choice', () => {
  it('measures both runtimes in interleaved rounds, explains the pick, and reads the cache next time', async () => {
    const runDir = path.join(dir, 'auto');
    const { classes } = await writeTestRun(runDir, loadPreset('small-cnn'));
    const cacheFile = path.join(dir, 'cache', 'inference-speed.json');
    const first = await loadInferenceModel(runDir, { runtime: 'auto', cacheFile });
    await first.model.close();
    expect(first.choice.cached).toBe(false);
    expect(first.choice.measured.map((m) => m.runtime).sort()).toEqual(['onnx', 'tfjs']);
    for (const m of first.choice.measured) {
      expect(m.rounds.length).toBeGreaterThanOrEqual(3);
      expect(m.imagesPerSecond).toBeGreaterThan(0);
    }
    const best = [...first.choice.measured].sort((a, b) => b.imagesPerSecond! - a.imagesPerSecond!)[0];
    expect(first.choice.runtime).toBe(best.runtime);
    expect(first.choice.reason).toMatch(/ONNX Runtime|TF\.js/);
    expect(first.choice.reason).toMatch(/images\/s, median of \d+ interleaved rounds/);

    const again = await loadInferenceModel(runDir, { runtime: 'auto', cacheFile });
    await again.model.close();
    expect(again.choice).toMatchObject({ cached: true, runtime: first.choice.runtime, measuredAt: first.choice.measuredAt });
    expect(again.model.classes).toEqual(classes);
  }, 120_000);
});

describe('folder classification on ONNX Runtime', () => {
  it('classifies 2,000 generated images with decoding in this process and ONNX Runtime in its own process, two batches in flight, in order, without a crash', async () => {
    const runDir = path.join(dir, 'many');
    await writeTestRun(runDir, loadPreset('small-cnn'));
    const folder = path.join(dir, 'many-images');
    await writeTestImages(folder, 2000, { channels: 1, size: 28 });
    const classify = async (runtime: 'onnx' | 'tfjs', inFlight: number) => {
      const { model } = await loadInferenceModel(runDir, forced(runtime));
      const rows: FolderPrediction[] = [];
      try {
        const summary = await classifyFolder(model, folder, { batchSize: 16, inFlight, onRows: (batch) => rows.push(...batch) });
        expect(summary).toMatchObject({ images: 2000, skipped: 0, stopped: false });
      } finally {
        await model.close();
      }
      return rows;
    };
    const viaOnnx = await classify('onnx', 2);
    const viaTfjs = await classify('tfjs', 1);
    expect(viaOnnx.map((r) => r.path)).toEqual(viaTfjs.map((r) => r.path));
    for (const [i, row] of viaOnnx.entries()) {
      expect(row.top[0].label).toBe(viaTfjs[i].top[0].label);
      expect(Math.abs(row.top[0].probability - viaTfjs[i].top[0].probability)).toBeLessThanOrEqual(1e-4);
    }
  }, 300_000);

  it('evaluates with two batches in flight as with one', async () => {
    const runDir = path.join(dir, 'many');
    const samples = (await writeTestImages(path.join(dir, 'labelled'), 100, { channels: 1 })).map((p, i) => ({ path: p, label: i % 3 }));
    const { model } = await loadInferenceModel(runDir, forced('onnx'));
    try {
      const [pipelinedTwo, one] = [await evaluateSamples(model, samples, 8), await evaluateSamples(model, samples, 8, [], 1)];
      expect(pipelinedTwo.count).toBe(100);
      expect(pipelinedTwo.confusion).toEqual(one.confusion);
      expect(pipelinedTwo.loss).toBeCloseTo(one.loss, 6);
    } finally {
      await model.close();
    }
  }, 120_000);
});
