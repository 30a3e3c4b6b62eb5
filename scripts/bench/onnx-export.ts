// Times the ONNX writer on googlenet-96: a trained run's export (weights read from model/, converted,
// written) and a bare design's (seeded initial weights from the TF.js compile first). Prints JSON.
import * as tf from '@tensorflow/tfjs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { compileGraph } from '../../src/compile/compile';
import { buildOnnxModel } from '../../src/export/onnx/model';
import { seededWeights } from '../../src/export/onnx/weights';
import { writeOnnx } from '../../src/export/onnx/writeOnnx';
import { writeTfjsRun } from '../../src/export/onnx/testing/parity';
import { loadPreset } from '../../src/graph/presets';
import { generateTorchModule } from '../../src/torch/codegen';

const rounds = Number(process.argv[2] ?? 3);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const seconds = async (work: () => Promise<unknown>): Promise<number> => {
  const start = performance.now();
  await work();
  return (performance.now() - start) / 1000;
};

await tf.setBackend('cpu');
const graph = loadPreset('googlenet-96');
const root = await mkdtemp(path.join(os.tmpdir(), 'bench-onnx-'));
const model = compileGraph(graph);
await writeTfjsRun(path.join(root, 'run'), graph, model, 10);
model.dispose();
const module = generateTorchModule(graph);
const weights = await seededWeights(graph, module);

const run: number[] = [];
const design: number[] = [];
const seed: number[] = [];
const build: number[] = [];
for (let i = 0; i < rounds; i++) {
  run.push(await seconds(() => writeOnnx(path.join(root, 'run'), path.join(root, 'from-run'))));
  design.push(await seconds(() => writeOnnx(graph, path.join(root, 'from-design'))));
  seed.push(await seconds(() => seededWeights(graph, module)));
  build.push(await seconds(async () => buildOnnxModel(graph, weights)));
}
const bytes = (await stat(path.join(root, 'from-run', 'model.onnx'))).size;
await rm(root, { recursive: true, force: true });
console.log(JSON.stringify({
  design: graph.name,
  rounds,
  fileBytes: bytes,
  runExportSeconds: median(run),
  designExportSeconds: median(design),
  ofWhichSeededWeightsSeconds: median(seed),
  buildAndEncodeSeconds: median(build),
  tfjsBackend: tf.getBackend(),
  node: process.version,
  cpus: os.cpus().length,
  cpuModel: os.cpus()[0]?.model,
}));
