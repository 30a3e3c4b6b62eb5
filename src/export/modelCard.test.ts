import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fashionMnistAvailable } from '../data/testing/fashionMnist';
import { loadRunModel } from '../infer/runModel';
import { predictImages } from '../infer/evaluateModel';
import { tfjsInference } from '../infer/tfjsInference';
import type { Prediction } from '../contract/evaluation';
import { createService, type InceptionService } from '../service/service';
import { inferGraph } from '../shapes/infer';
import { detectTorch } from '../torch/detect';
import { modelCard } from './modelCard';
import { readRunFacts } from './runFacts';
import { EXPORT_TEST_DESIGN } from './testing/designs';
import { trainTinyRun } from '../testing/tinyRun';

const run = promisify(execFile);
const torch = await detectTorch();
/** In CI a missing runtime fails the tests that need it instead of skipping them. */
const ci = Boolean(process.env.CI);

let root: string;
let api: InceptionService;
const runId = '20260101-000000-card-test';
let runDir: string;
let image: string;
let appPrediction: Prediction;

beforeAll(async () => {
  if (!fashionMnistAvailable('t10k')) return;
  root = await mkdtemp(path.join(os.tmpdir(), 'inception-card-'));
  const workspace = path.join(root, 'ws');
  runDir = path.join(workspace, 'runs', runId);
  await mkdir(path.dirname(runDir), { recursive: true });
  const trained = await trainTinyRun(root, EXPORT_TEST_DESIGN());
  await import('node:fs/promises').then((fs) => fs.rename(trained.runDir, runDir));
  const classDir = path.join(trained.dataDir, 'Sandal');
  image = path.join(classDir, (await readdir(classDir))[0]);
  api = createService({ host: 'browser', workspace });
  // `inception predict` runs this same code in its job process.
  [appPrediction] = await predictImages(tfjsInference(await loadRunModel(runDir)), [image], 5);
}, 120_000);
afterAll(async () => {
  await api?.shutdown();
  if (root) await rm(root, { recursive: true, force: true });
});

/** The first fenced block of a language in a card. */
function snippet(card: string, language: string): string {
  const match = card.match(new RegExp('```' + language + '\\n([\\s\\S]*?)\\n```'));
  if (!match) throw new Error(`the card has no ${language} block`);
  return match[1];
}

/** The largest difference between a snippet's top-5 probabilities and the app's, logged for the docs. */
function logDifference(what: string, top: { probability: number }[]): void {
  const worst = Math.max(...top.map((t, i) => Math.abs(t.probability - appPrediction.top[i].probability)));
  console.log(`${what} vs the app's predict, top-5 probabilities: max |Δ| ${worst.toExponential(2)}`);
}

/** `label<TAB>probability` lines printed by a card's snippet. */
function parseTop(stdout: string): { label: string; probability: number }[] {
  return stdout.split('\n').filter((l) => l.includes('\t')).map((l) => {
    const tab = l.lastIndexOf('\t');
    return { label: l.slice(0, tab), probability: Number(l.slice(tab + 1)) };
  });
}

describe.runIf(fashionMnistAvailable('t10k'))('the model card of a trained run', () => {
  it('states the design, data, metrics and preprocessing of the run', async () => {
    const facts = await readRunFacts(runDir);
    const card = modelCard('tfjs', facts);
    const totals = inferGraph(facts.graph).totals;
    expect(card).toContain(`# ${facts.graph.name}`);
    expect(card).toContain(`run \`${runId}\``);
    expect(card).toContain(`${totals.trainable.toLocaleString('en-US')} trainable`);
    expect(card).toContain(`(${totals.macs.toLocaleString('en-US')})`);
    expect(card).toContain('- Input: 1×28×28');
    expect(card).toContain('class scores (logits');
    expect(card).toContain(`- Folder: \`${facts.config!.data!.dir}\``);
    expect(card).toContain('- Images: 80 training, 20 validation, in 10 classes');
    expect(card).toContain('| Sandal | 8 | 2 |');
    expect(card).toContain(`accuracy ${(facts.report!.validation!.accuracy * 100).toFixed(1)} %`);
    expect(card).toContain(`mean ${JSON.stringify(facts.preprocessing!.mean)}`);
    expect(card).toContain('greyscale');
  });

  it('goes into every TF.js export, whose JS snippet runs with stock TF.js in its own process and predicts as the app does', async () => {
    const exported = await api.exportRun(runId, 'tfjs');
    expect(exported.files).toEqual(['README.md', 'graph.json', 'index.html', 'labels.json', 'model.json', 'page.js', 'preprocess.js', 'preprocessing.json', 'tf.min.js', 'ui.js', 'weights.bin']);
    const card = await readFile(path.join(exported.dir, 'README.md'), 'utf8');
    const code = snippet(card, 'js');
    expect(code).not.toMatch(/from '\.\.?\//);
    // Inside the checkout (ignored .tmp/) only so that node finds @tensorflow/tfjs and sharp in node_modules.
    await mkdir(path.resolve('.tmp'), { recursive: true });
    const scratch = await mkdtemp(path.resolve('.tmp', 'card-js-'));
    try {
      await writeFile(path.join(scratch, 'predict.mjs'), code);
      const { stdout } = await run(process.execPath, [path.join(scratch, 'predict.mjs'), exported.dir, image], { timeout: 60_000 });
      const top = parseTop(stdout);
      logDifference('card JS snippet (stock TF.js, cpu)', top);
      expect(top).toHaveLength(5);
      expect(top[0].label).toBe(appPrediction.top[0].label);
      for (let i = 0; i < 5; i++) expect(top[i].probability).toBeCloseTo(appPrediction.top[i].probability, 4);
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  }, 90_000);

  it('goes into the graph export', async () => {
    const exported = await api.exportRun(runId, 'graph');
    expect(exported.files).toEqual(['graph.json', 'README.md']);
    expect(await readFile(path.join(exported.dir, 'README.md'), 'utf8')).toContain('## Open it');
  });
});

describe.runIf(fashionMnistAvailable('t10k') && (torch.available || ci))('the model card of PyTorch exports', () => {
  it('PyTorch code: the Python snippet runs with torch and predicts as the app does', async () => {
    expect(torch.available, `the PyTorch snippet needs a Python with torch: ${torch.reason}`).toBe(true);
    const exported = await api.exportRun(runId, 'pytorch');
    expect(exported.files).toEqual(expect.arrayContaining(['README.md', 'net.py', 'weights.pt']));
    const card = await readFile(path.join(exported.dir, 'README.md'), 'utf8');
    expect(card).toContain('## Load it: PyTorch');
    expect(card).toContain('`weights.safetensors`: the trained weights');
    await writeFile(path.join(exported.dir, 'predict.py'), snippet(card, 'python'));
    const { stdout } = await run(torch.python!, ['predict.py', image], { cwd: exported.dir, timeout: 120_000 });
    const top = parseTop(stdout);
    logDifference('card PyTorch snippet', top);
    expect(top).toHaveLength(5);
    expect(top[0].label).toBe(appPrediction.top[0].label);
    for (let i = 0; i < 5; i++) expect(top[i].probability).toBeCloseTo(appPrediction.top[i].probability, 4);
  }, 180_000);

  it('the training bundle keeps its torchrun instructions in the card', async () => {
    const exported = await api.exportRun(runId, 'pytorch-bundle');
    const card = await readFile(path.join(exported.dir, 'README.md'), 'utf8');
    expect(card).toContain('## Train it: the PyTorch bundle');
    expect(card).toContain('torchrun --standalone --nproc_per_node 4 inception_runner.py job.json');
    expect(card).toContain('## Design');
  }, 120_000);

  it('ONNX: the card has the ONNX Runtime snippet (not run: Debian has no onnxruntime for Python) and model.onnx passes onnx.checker', async () => {
    const exported = await api.exportRun(runId, 'onnx');
    expect(exported.files).toEqual(expect.arrayContaining(['README.md', 'model.onnx', 'index.html', 'ort-wasm-simd-threaded.wasm']));
    const card = await readFile(path.join(exported.dir, 'README.md'), 'utf8');
    expect(snippet(card, 'python')).toContain("ort.InferenceSession('model.onnx')");
    const check = "import sys, onnx; onnx.checker.check_model(onnx.load(sys.argv[1]), full_check=True); print('ok')";
    const hasOnnx = await run(torch.python!, ['-c', 'import onnx']).then(() => true, () => false);
    if (!hasOnnx && !ci) return;
    expect(hasOnnx, 'onnx.checker needs python3-onnx (apt-get install python3-onnx)').toBe(true);
    const { stdout } = await run(torch.python!, ['-c', check, path.join(exported.dir, 'model.onnx')]);
    expect(stdout.trim()).toBe('ok');
  }, 180_000);
});
