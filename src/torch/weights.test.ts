import * as tf from '@tensorflow/tfjs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileGraph } from '../compile/compile';
import { mulberry32 } from '../data/random';
import { loadPreset } from '../graph/presets';
import type { GraphDoc } from '../graph/types';
import { generateTorchModule } from './codegen';
import { torchInstalled } from '../testing/installs';
import { needs } from '../testing/requirements';
import { detectTorch } from './detect';
import { runToolsInOneProcess } from './testing/toolsInOneProcess';
import { decodeSafetensors, encodeSafetensors, readSafetensors, writeSafetensors, type StoredTensor } from './safetensors';
import { tfjsToTorch, torchToTfjs, WeightsError, type TfjsWeights } from './weights';
import { zooGraph } from './testing/graphs';

const torch = await detectTorch();

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('safetensors', () => {
  it('round-trips float32 and int64 tensors and metadata, with an 8-byte aligned header', () => {
    const tensors = new Map<string, StoredTensor>([
      ['b.weight', { dtype: 'F32', shape: [2, 3], data: Float32Array.from([1, 2, 3, 4, 5, -6.5]) }],
      ['a.num_batches_tracked', { dtype: 'I64', shape: [], data: BigInt64Array.from([7n]) }],
    ]);
    const buffer = encodeSafetensors(tensors, { engine: 'tfjs' });
    expect(Number(buffer.readBigUInt64LE(0)) % 8).toBe(0);
    const back = decodeSafetensors(buffer);
    expect(back.metadata).toEqual({ engine: 'tfjs' });
    expect([...back.tensors.keys()]).toEqual(['a.num_batches_tracked', 'b.weight']);
    expect(Array.from(back.tensors.get('b.weight')!.data as Float32Array)).toEqual([1, 2, 3, 4, 5, -6.5]);
    expect(back.tensors.get('a.num_batches_tracked')).toMatchObject({ dtype: 'I64', shape: [] });
  });

  it('reads half-precision tensors as float32, and names the tensor whose bytes do not fit', () => {
    const header = JSON.stringify({ h: { dtype: 'F16', shape: [2], data_offsets: [0, 4] }, b: { dtype: 'BF16', shape: [1], data_offsets: [4, 6] } });
    const length = Buffer.alloc(8);
    length.writeBigUInt64LE(BigInt(header.length));
    const body = Buffer.from([0x00, 0x3c, 0x00, 0xc0, 0x80, 0x3f]); // 1.0, -2.0 in F16; 1.0 in BF16
    const { tensors } = decodeSafetensors(Buffer.concat([length, Buffer.from(header), body]));
    expect(Array.from(tensors.get('h')!.data as Float32Array)).toEqual([1, -2]);
    expect(Array.from(tensors.get('b')!.data as Float32Array)).toEqual([1]);
    const bad = JSON.stringify({ x: { dtype: 'F32', shape: [3], data_offsets: [0, 4] } });
    length.writeBigUInt64LE(BigInt(bad.length));
    expect(() => decodeSafetensors(Buffer.concat([length, Buffer.from(bad), Buffer.alloc(4)]))).toThrow(/tensor x has 4 bytes, expected 12/);
  });
});

/** Every weight of a compiled model by its TF.js name, with BatchNorm statistics and affine set to random values. */
function randomisedWeights(model: tf.LayersModel, seed: number): TfjsWeights {
  const rng = mulberry32(seed);
  const uniform = (n: number, lo: number, hi: number) => Float32Array.from({ length: n }, () => lo + (hi - lo) * rng());
  const values = model.weights.map((w) => {
    const n = w.shape.reduce((a: number, b) => a * (b as number), 1);
    const name = w.originalName;
    const data = name.endsWith('moving_variance') || name.endsWith('gamma') ? uniform(n, 0.5, 1.5)
      : name.endsWith('moving_mean') || name.endsWith('beta') || name.endsWith('bias') ? uniform(n, -0.2, 0.2)
      : (w.read().dataSync() as Float32Array);
    return { name, shape: w.shape as number[], data };
  });
  model.setWeights(values.map((v) => tf.tensor(v.data, v.shape)));
  return new Map(values.map((v) => [v.name, { shape: v.shape, data: v.data }]));
}

describe('weights between the engines', () => {
  it('converts TF.js weights to a state_dict and back unchanged, kernels transposed as PyTorch lays them out', () => {
    const graph = loadPreset('small-cnn');
    const model = compileGraph(graph, { seed: 3 });
    const weights = randomisedWeights(model, 1);
    const { tensors: mappings } = generateTorchModule(graph);
    const state = tfjsToTorch(weights, mappings);
    expect(state.get('conv1.1.num_batches_tracked')).toMatchObject({ dtype: 'I64', shape: [] });
    // HWIO [3,3,1,16] → OIHW [16,1,3,3]: element (y=1, x=2, i=0, o=5).
    const hwio = weights.get('conv1_conv/kernel')!.data;
    expect(state.get('conv1.0.weight')!.data[5 * 9 + 1 * 3 + 2]).toBe(hwio[(1 * 3 + 2) * 16 + 5]);
    // Dense [1568, 10] → [10, 1568].
    expect(state.get('fc.weight')!.data[7 * 1568 + 100]).toBe(weights.get('fc/kernel')!.data[100 * 10 + 7]);
    const back = torchToTfjs(state, mappings);
    for (const [name, w] of weights) expect(Array.from(back.get(name)!.data), name).toEqual(Array.from(w.data));
    model.dispose();
  });

  it('names the tensor when weights do not fit the design', () => {
    const { tensors: mappings } = generateTorchModule(loadPreset('small-cnn'));
    expect(() => tfjsToTorch(new Map(), mappings)).toThrow(WeightsError);
    expect(() => tfjsToTorch(new Map(), mappings)).toThrow(/conv1_conv\/kernel/);
    const wrong = new Map([['conv1.0.weight', { dtype: 'F32' as const, shape: [8, 1, 3, 3], data: new Float32Array(72) }]]);
    expect(() => torchToTfjs(wrong, mappings)).toThrow(/conv1\.0\.weight is 8×1×3×3 in the PyTorch weights but the design needs 16×1×3×3/);
  });
});

/** googlenet at 224×224 takes about 13 s on TF.js's cpu backend here; INCEPTION_TEST_SKIP_224=1 leaves it out. */
const run224 = process.env.INCEPTION_TEST_SKIP_224 !== '1';

describe.runIf(needs(torchInstalled(torch)))('TF.js and PyTorch outputs with the same weights', () => {
  let dir = '';
  const designs: [string, () => GraphDoc, number][] = [
    ['small-cnn', () => loadPreset('small-cnn'), 3],
    ['zoo', zooGraph, 2],
    ['googlenet-96', () => loadPreset('googlenet-96'), 1],
    ...(run224 ? [['googlenet', () => loadPreset('googlenet'), 1] as [string, () => GraphDoc, number]] : []),
  ];
  /** Each design's TF.js output and the file PyTorch wrote its output to, by name. */
  const outputs = new Map<string, { expected: Float32Array; out: string }>();

  /** TF.js's output for random weights and input, with the files PyTorch's `forward` reads. */
  async function prepare(name: string, graph: GraphDoc, batch: number): Promise<string[]> {
    const model = compileGraph(graph, { seed: 5 });
    const weights = randomisedWeights(model, 11);
    const module = generateTorchModule(graph);
    const [c, h, w] = module.inputShape;
    const rng = mulberry32(13);
    const nhwc = Float32Array.from({ length: batch * h * w * c }, () => rng() * 2 - 1);
    const nchw = new Float32Array(nhwc.length);
    for (let n = 0; n < batch; n++) for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) for (let k = 0; k < c; k++) {
      nchw[((n * c + k) * h + y) * w + x] = nhwc[((n * h + y) * w + x) * c + k];
    }
    const expected = tf.tidy(() => (model.predict(tf.tensor4d(nhwc, [batch, h, w, c])) as tf.Tensor).dataSync() as Float32Array);
    model.dispose();

    const files = { net: path.join(dir, `${name}.py`), weights: path.join(dir, `${name}.w.safetensors`), input: path.join(dir, `${name}.x.safetensors`), out: path.join(dir, `${name}.y.safetensors`) };
    await writeFile(files.net, module.code);
    await writeSafetensors(files.weights, tfjsToTorch(weights, module.tensors));
    await writeSafetensors(files.input, new Map([['input', { dtype: 'F32', shape: [batch, c, h, w], data: nchw }]]));
    outputs.set(name, { expected, out: files.out });
    return ['forward', files.net, '--weights', files.weights, '--input', files.input, '--out', files.out];
  }

  // One Python process runs every design's forward pass (one torch import instead of one per design).
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'parity-'));
    const commands: string[][] = [];
    for (const [name, graph, batch] of designs) commands.push(await prepare(name, graph(), batch));
    await runToolsInOneProcess(torch.python!, commands);
  }, 600_000);
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function compare(name: string): Promise<number> {
    const { expected, out } = outputs.get(name)!;
    const actual = (await readSafetensors(out)).tensors.get('output')!.data as Float32Array;
    expect(actual.length).toBe(expected.length);
    let worst = 0;
    let scale = 1;
    for (let i = 0; i < expected.length; i++) {
      worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
      scale = Math.max(scale, Math.abs(expected[i]));
    }
    expect(worst / scale, `${name}: max difference ${worst} at output scale ${scale}`).toBeLessThan(1e-4);
    if (process.env.INCEPTION_TEST_VERBOSE) console.log(`${name}: max |TF.js − PyTorch| = ${worst.toExponential(2)} (outputs up to ${scale.toFixed(2)})`);
    return worst;
  }

  it('agree within 1e-4 on small-cnn and on a design with every node kind', async () => {
    await compare('small-cnn');
    await compare('zoo');
  });

  it('agree within 1e-4 on googlenet-96', async () => {
    await compare('googlenet-96');
  });

  it.runIf(run224)('agree within 1e-4 on googlenet at 224×224', async () => {
    await compare('googlenet');
  });
});
