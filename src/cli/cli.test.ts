import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeImage } from '../data';
import { NO_AUGMENT } from '../contract/augment';
import { writeFashionMnistFolder } from '../data/testing/fashionMnist';
import type { GraphDoc } from '../graph/types';
import { loadPreset } from '../graph/presets';
import { fashionMnist, torchInstalled } from '../testing/installs';
import { needs } from '../testing/requirements';
import { detectTorch } from '../torch/detect';

const torch = await detectTorch();
const BIN = fileURLToPath(new URL('../../bin/inception.mjs', import.meta.url));
const STOCK_LOADER = fileURLToPath(new URL('../export/testing/loadWithStockTfjs.mjs', import.meta.url));

/** Runs the `inception` command as a user would (the built CLI), with its exit code and both streams. */
function inception(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024, timeout: 240_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

const jsonLines = (text: string) => text.trim().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);

let root = '';
beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'inception-cli-'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('inception inspect, presets, help', () => {
  it('exports a design file to ONNX with its seeded weights, without Python', async () => {
    const file = path.join(root, 'small.json');
    await writeFile(file, JSON.stringify(loadPreset('small-cnn')));
    const out = path.join(root, 'small-onnx');
    const { code, stdout, stderr } = await inception(['export', file, '--format', 'onnx', '--out', out], { PATH: path.dirname(process.execPath), INCEPTION_PYTHON: '/nonexistent/python3' });
    expect(code, stderr).toBe(0);
    expect(stdout).toContain(`wrote model.onnx, README.md to ${out}`);
    expect((await readdir(out)).sort()).toEqual(['README.md', 'model.onnx']);
  }, 120_000);

  it('exports a design file to TFLite with its seeded weights, without Python', async () => {
    const file = path.join(root, 'small-for-tflite.json');
    await writeFile(file, JSON.stringify(loadPreset('small-cnn')));
    const out = path.join(root, 'small-tflite');
    const { code, stdout, stderr } = await inception(['export', file, '--format', 'tflite', '--out', out], { PATH: path.dirname(process.execPath), INCEPTION_PYTHON: '/nonexistent/python3' });
    expect(code, stderr).toBe(0);
    expect(stdout).toContain(`wrote model.tflite, README.md to ${out}`);
    expect((await readdir(out)).sort()).toEqual(['README.md', 'model.tflite']);
    // The FlatBuffer's file identifier, 4 bytes after the root offset.
    expect((await readFile(path.join(out, 'model.tflite'))).subarray(4, 8).toString('latin1')).toBe('TFL3');
    expect(await readFile(path.join(out, 'README.md'), 'utf8')).toContain('## Load it: TFLite');
  }, 120_000);

  it('prints exactly one JSON document for a preset, with the totals of the seed network', async () => {
    const { code, stdout } = await inception(['inspect', '--preset', 'googlenet-96', '--json']);
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(Object.keys(report).sort()).toEqual(['errors', 'nodes', 'output', 'totals']);
    expect(report.totals).toMatchObject({ trainableParams: 5_998_362, nonTrainableParams: 14_560 });
    expect(report.errors).toEqual([]);
    expect(report.nodes[0]).toEqual(expect.objectContaining({ id: expect.any(String), kind: 'Input', outputShape: [3, 96, 96], params: 0, macs: 0 }));
  });

  it('exits 1 with the errors of a design that does not work, naming node and field', async () => {
    const graph = loadPreset('small-cnn');
    const conv = graph.nodes.find((n) => n.kind === 'ConvBNReLU')!;
    conv.params.kernel = 99;
    const file = path.join(root, 'broken.json');
    await writeFile(file, JSON.stringify(graph));
    const { code, stdout } = await inception(['inspect', file, '--json']);
    expect(code).toBe(1);
    const { errors } = JSON.parse(stdout);
    expect(errors[0]).toMatchObject({ nodeId: conv.id });
    expect(errors[0].message).toMatch(/kernel|larger|input/i);
  });

  it('reports torchvision\'s Inception-v3 counts and MACs for the inception-v3 preset', async () => {
    const { code, stdout } = await inception(['inspect', '--preset', 'inception-v3', '--json']);
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.totals).toEqual({ trainableParams: 23_834_568, nonTrainableParams: 34_432, macs: 5_713_216_096 });
    expect(report.output).toEqual([1000]);
  });

  it('names the node and field of groups that do not divide the channels and of a per-axis window that does not fit', async () => {
    const faults: [string, (graph: GraphDoc, conv: GraphDoc['nodes'][number]) => void, string][] = [
      ['groups', (_, conv) => { conv.kind = 'Conv2D'; conv.params = { ...conv.params, groups: 3 }; }, 'groups'],
      ['window', (_, conv) => { conv.params = { ...conv.params, kernel: [1, 99], padding: [0, 1] }; }, 'kernel'],
    ];
    for (const [name, spoil, field] of faults) {
      const graph = loadPreset('small-cnn');
      const conv = graph.nodes.find((n) => n.kind === 'ConvBNReLU')!;
      spoil(graph, conv);
      const file = path.join(root, `bad-${name}.json`);
      await writeFile(file, JSON.stringify(graph));
      const { code, stdout } = await inception(['inspect', file, '--json']);
      expect(code, name).toBe(1);
      expect(JSON.parse(stdout).errors[0], name).toMatchObject({ nodeId: conv.id, field });
    }
  });

  it('lists the presets, and refuses an unknown command with the usage', async () => {
    const presets = await inception(['presets']);
    expect(presets.stdout).toMatch(/^googlenet-96 /m);
    expect(presets.stdout).toMatch(/^small-cnn /m);
    const unknown = await inception(['fly']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "fly"');
    expect(unknown.stderr).toContain('inception train');
  });
});

describe.runIf(needs(fashionMnist('t10k')))('inception train, evaluate, predict, export', () => {
  let data = '';
  let workspace = '';
  beforeAll(async () => {
    data = path.join(root, 'fashion');
    workspace = path.join(root, 'ws');
    await writeFashionMnistFolder(data, { perClass: 12, split: 't10k' });
  });

  it('says what is wrong, without a stack trace: a missing folder, a class mismatch, torch options without torch', async () => {
    const missing = await inception(['train', '--preset', 'small-cnn', '--data', path.join(root, 'nowhere'), '--workspace', workspace]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^inception: .*nowhere/m);
    expect(missing.stderr).not.toMatch(/\n\s+at /);
    const design = loadPreset('small-cnn');
    const fc = design.nodes.find((n) => n.kind === 'Dense')!;
    fc.params.units = 4;
    const file = path.join(root, 'four.json');
    await writeFile(file, JSON.stringify(design));
    const mismatch = await inception(['train', file, '--data', data, '--workspace', workspace]);
    expect(mismatch.code).toBe(2);
    expect(mismatch.stderr).toMatch(/^inception: the design outputs 4 classes but the dataset has 10 \(Ankle_boot, /m);
    expect(await readdir(path.join(workspace, 'runs')).catch(() => [])).toEqual([]);
    expect(mismatch.stderr).toContain('--fix-classes');
    const torchOnly = await inception(['train', '--preset', 'small-cnn', '--data', data, '--engine', 'tfjs', '--precision', 'bf16', '--workspace', workspace]);
    expect(torchOnly.code).toBe(2);
    expect(torchOnly.stderr).toContain('are options of the PyTorch engine: use --engine torch');
  }, 120_000);

  it('refuses an unknown engine and several machines without a rendezvous', async () => {
    const badEngine = await inception(['train', '--preset', 'small-cnn', '--data', data, '--engine', 'fast', '--workspace', workspace]);
    expect(badEngine.stderr).toContain('--engine expects auto, tfjs or torch, got fast');
    const noEndpoint = await inception(['train', '--preset', 'small-cnn', '--data', data, '--engine', 'torch', '--nnodes', '2', '--workspace', workspace]);
    expect(noEndpoint.code).toBe(2);
    expect(noEndpoint.stderr).toContain('torch.distributed.rdzvEndpoint: several nodes need rdzvEndpoint HOST:PORT');
    expect(await readdir(path.join(workspace, 'runs')).catch(() => [])).toEqual([]);
  }, 120_000);

  it('trains with events as JSON lines, then evaluates, predicts and exports the run', async () => {
    const trained = await inception(['train', '--preset', 'small-cnn', '--data', data, '--engine', 'tfjs', '--epochs', '1', '--batch', '16', '--json', '--workspace', workspace]);
    expect(trained.code, trained.stderr).toBe(0);
    const events = jsonLines(trained.stdout);
    expect(events[0]).toMatchObject({ type: 'start', trainSize: 100, valSize: 20 });
    expect(events.at(-1)).toMatchObject({ type: 'end', status: 'completed', epochsDone: 1 });
    const [runId] = await readdir(path.join(workspace, 'runs'));

    // A run can be named; `inception runs` shows it with its folder, classes and the summary the end event gave.
    const renamed = await inception(['rename', runId, 'first try', '--workspace', workspace]);
    expect(renamed.stdout, renamed.stderr).toContain(`${runId}: first try`);
    const listed = await inception(['runs', '--workspace', workspace]);
    expect(listed.stdout).toMatch(new RegExp(`${runId}\\s+first try\\s+${data.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s+10\\s+completed\\s+1/1`));
    const [info] = JSON.parse((await inception(['runs', '--json', '--workspace', workspace])).stdout);
    expect(info).toMatchObject({ label: 'first try', dataDir: data, bestEpoch: 0, bestValAccuracy: events.at(-1)!.bestValAccuracy });

    const evaluated = await inception(['evaluate', runId, '--data', data, '--json', '--workspace', workspace]);
    expect(evaluated.code, evaluated.stderr).toBe(0);
    const metrics = JSON.parse(evaluated.stdout);
    expect(metrics.count).toBe(120);
    expect(metrics.confusion).toHaveLength(10);

    const image = path.join(data, 'Bag', (await readdir(path.join(data, 'Bag')))[0]);
    const predicted = await inception(['predict', runId, image, '--json', '--workspace', workspace]);
    expect(predicted.code, predicted.stderr).toBe(0);
    const [prediction] = JSON.parse(predicted.stdout);
    expect(prediction.top).toHaveLength(5);
    expect(prediction.top.reduce((sum: number, t: { probability: number }) => sum + t.probability, 0)).toBeLessThanOrEqual(1.0001);

    const outDir = path.join(root, 'export');
    const exported = await inception(['export', runId, '--format', 'tfjs', '--out', outDir, '--workspace', workspace]);
    expect(exported.code, exported.stderr).toBe(0);
    expect((await readdir(outDir)).sort()).toEqual(expect.arrayContaining(['labels.json', 'model.json', 'preprocessing.json']));

    // Stock TF.js in a process of its own reads the export and gives `inception predict`'s probabilities.
    const spec = JSON.parse(await readFile(path.join(outDir, 'preprocessing.json'), 'utf8'));
    const pixels = await decodeImage(image, spec, NO_AUGMENT);
    const jobs = path.join(root, 'stock-jobs.json');
    await writeFile(jobs, JSON.stringify([{ dir: outDir, input: { shape: [1, spec.height, spec.width, spec.channels], data: Array.from(pixels) } }]));
    const loaded = await new Promise<string>((resolve, reject) =>
      execFile(process.execPath, [STOCK_LOADER, jobs], { maxBuffer: 1 << 26 }, (error, stdout) => (error ? reject(error) : resolve(stdout))),
    );
    const [stock] = JSON.parse(loaded) as { data: number[] }[];
    const labels = JSON.parse(await readFile(path.join(outDir, 'labels.json'), 'utf8')) as string[];
    for (const { label, probability } of prediction.top) expect(Math.abs(stock.data[labels.indexOf(label)] - probability)).toBeLessThanOrEqual(1e-4);
    const onnxDir = path.join(root, 'export-onnx');
    const onnx = await inception(['export', runId, '--format', 'onnx', '--out', onnxDir, '--workspace', workspace]);
    expect(onnx.code, onnx.stderr).toBe(0);
    // A run's ONNX export carries its web page on onnxruntime-web (docs/export-web-and-card.md).
    const webPage = ['index.html', 'onnx-page.js', 'ort-wasm-simd-threaded.mjs', 'ort-wasm-simd-threaded.wasm', 'ort.wasm.min.mjs', 'preprocess.js', 'ui.js'];
    expect((await readdir(onnxDir)).sort()).toEqual(['README.md', 'labels.json', 'model.onnx', 'preprocessing.json', ...webPage].sort());

    const tfliteDir = path.join(root, 'export-tflite');
    const tflite = await inception(['export', runId, '--format', 'tflite', '--out', tfliteDir, '--workspace', workspace]);
    expect(tflite.code, tflite.stderr).toBe(0);
    expect((await readdir(tfliteDir)).sort()).toEqual(['README.md', 'labels.json', 'model.tflite', 'preprocessing.json']);
    const tfliteInt8Dir = path.join(root, 'export-tflite-int8');
    const tfliteInt8 = await inception(['export', runId, '--format', 'tflite-int8', '--out', tfliteInt8Dir, '--workspace', workspace, '--json']);
    expect(tfliteInt8.code, tfliteInt8.stderr).toBe(0);
    expect((await readdir(tfliteInt8Dir)).sort()).toEqual(['README.md', 'labels.json', 'model.tflite', 'preprocessing.json', 'quantization.json']);
    expect(await readFile(path.join(tfliteInt8Dir, 'README.md'), 'utf8')).toContain('Full-integer int8');
    // --json: one object with the accuracy change (LiteRT.js in Chromium over the 20 validation images) and the sizes.
    const tfliteReport = JSON.parse(tfliteInt8.stdout);
    expect(tfliteReport).toMatchObject({ dir: tfliteInt8Dir, quantization: { validation: { images: 20, runtime: 'LiteRT.js (wasm, XNNPack) in headless Chromium' } } });
    expect(tfliteReport.quantization.validation.float32Accuracy).toBeGreaterThanOrEqual(0);
    expect(tfliteReport.quantization.validation.int8Accuracy).toBeGreaterThanOrEqual(0);
    expect(tfliteReport.quantization.size.int8Bytes).toBe((await stat(path.join(tfliteInt8Dir, 'model.tflite'))).size);

    const int8Dir = path.join(root, 'export-int8');
    const int8 = await inception(['export', runId, '--format', 'onnx-int8', '--out', int8Dir, '--workspace', workspace]);
    expect(int8.code, int8.stderr).toBe(0);
    expect((await readdir(int8Dir)).sort()).toEqual(['README.md', 'labels.json', 'model.onnx', 'preprocessing.json', 'quantization.json', ...webPage].sort());
    expect(int8.stdout).toMatch(/size: 0\.\d\d MB float32 → 0\.\d\d MB int8 \([\d.]+× smaller\)\n/);
    expect(int8.stdout).toMatch(/accuracy on 20 validation images \(onnxruntime-node \(CPU\)\): [\d.]+ % float32 → [\d.]+ % int8 \([+-][\d.]+ points\)/);
    const noImages = path.join(root, 'no-images');
    await mkdir(noImages, { recursive: true });
    const refused = await inception(['export', runId, '--format', 'onnx-int8', '--calibration', noImages, '--out', path.join(root, 'export-int8-refused'), '--workspace', workspace]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain(`${noImages}: expected images to calibrate on, found no readable image (no image files at all)`);
    const refusedTflite = await inception(['export', runId, '--format', 'tflite-int8', '--calibration', noImages, '--out', path.join(root, 'export-tflite-int8-refused'), '--workspace', workspace]);
    expect(refusedTflite.code).not.toBe(0);
    expect(refusedTflite.stderr).toContain(`${noImages}: expected images to calibrate on, found no readable image (no image files at all)`);
  }, 360_000);

  it('finds a learning rate: one JSON document with the curve and the suggestion', async () => {
    // Batches of 4: the range test takes its 100 steps whatever the batch, and what is checked is the document.
    const found = await inception(['find-lr', '--preset', 'small-cnn', '--data', data, '--batch', '4', '--json', '--workspace', workspace]);
    expect(found.code, found.stderr).toBe(0);
    const result = JSON.parse(found.stdout);
    expect(result.points.length).toBeGreaterThanOrEqual(10);
    expect(result.suggested).toBeCloseTo(result.lowest / 10, 12);
  }, 240_000);

  it.runIf(needs(torchInstalled(torch)))('trains on the PyTorch engine with the precision asked for', async () => {
    const torchWorkspace = path.join(root, 'ws-torch');
    const run = await inception(['train', '--preset', 'small-cnn', '--data', data, '--epochs', '1', '--batch', '16', '--json',
      '--engine', 'torch', '--device', 'cpu', '--precision', 'fp32', '--workspace', torchWorkspace]);
    expect(run.code, run.stderr).toBe(0);
    const events = jsonLines(run.stdout);
    expect(events[0]).toMatchObject({ type: 'start', engine: 'torch', backend: expect.stringMatching(/^cpu: fp32/) });
    expect(events.at(-1)).toMatchObject({ type: 'end', status: 'completed' });
    const [runId] = await readdir(path.join(torchWorkspace, 'runs'));
    const config = JSON.parse(await readFile(path.join(torchWorkspace, 'runs', runId, 'config.json'), 'utf8'));
    expect(config).toMatchObject({ engine: 'torch', torch: { device: 'cpu', precision: 'fp32' } });
  }, 240_000);

  it('picks the engine automatically by default, prints why, and records it in the run', async () => {
    const autoWorkspace = path.join(root, 'ws-auto');
    const run = await inception(['train', '--preset', 'small-cnn', '--data', data, '--epochs', '1', '--batch', '16', '--workspace', autoWorkspace]);
    expect(run.code, run.stderr).toBe(0);
    const line = run.stdout.split('\n').find((l) => l.startsWith('engine (automatic): '));
    expect(line).toMatch(/^engine \(automatic\): (PyTorch on \S+|TF\.js .+): (about [\d.]+× faster than|about as fast as|the only engine)/);
    const [runId] = await readdir(path.join(autoWorkspace, 'runs'));
    const config = JSON.parse(await readFile(path.join(autoWorkspace, 'runs', runId, 'config.json'), 'utf8'));
    expect(config.engineChoice).toMatchObject({ requested: 'auto', engine: config.engine });
    expect(line).toContain(config.engineChoice.reason);
    // Cached per size class: Small CNN's, with both engines measured.
    const cached = JSON.parse(await readFile(path.join(autoWorkspace, 'cache', 'engine-speed.json'), 'utf8'));
    expect(Object.values(cached.classes).map((c) => (c as { measured: unknown[] }).measured.length)).toEqual([2]);
  }, 240_000);
});
