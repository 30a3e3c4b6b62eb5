import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { TorchPool2D, type TorchPoolConfig } from '../compile/torchPool';
import { initBackend } from './select';
import { builtinWasmConv2DBackpropInput, registerWasmGradientKernels } from './wasmGradients';
import { relativeError } from '../testing/relativeError';

type Quad = [number, number, number, number];
type Pad = 'valid' | 'same' | number | [[number, number], [number, number], [number, number], [number, number]];
type Backend = 'cpu' | 'wasm';

/** Deterministic values in [-1, 1). */
function values(count: number, seed: number): number[] {
  let s = seed >>> 0 || 1;
  return Array.from({ length: count }, () => {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    return s / 2 ** 31 - 1;
  });
}

const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

/** The gradient kernels run directly (TF.js does not export their ops). */
function backpropInput(xShape: Quad, dy: tf.Tensor, filter: tf.Tensor, attrs: object): tf.Tensor {
  return tf.engine().runKernel('Conv2DBackpropInput', { dy, filter }, { dataFormat: 'NHWC', ...attrs, inputShape: xShape } as unknown as tf.NamedAttrMap) as tf.Tensor;
}

function backpropFilter(x: tf.Tensor, dy: tf.Tensor, filterShape: Quad, attrs: object): tf.Tensor {
  return tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { dataFormat: 'NHWC', ...attrs, filterShape } as unknown as tf.NamedAttrMap) as tf.Tensor;
}

/** Runs `f` on `backend`; fails rather than let the other backend answer for it (then both sides would agree). */
async function on<T>(backend: Backend, f: () => T): Promise<T> {
  expect(await tf.setBackend(backend), `tf.setBackend('${backend}')`).toBe(true);
  expect(tf.getBackend()).toBe(backend);
  return f();
}

interface Case { name: string; x: Quad; w: Quad; strides: number | [number, number]; pad: Pad }

// Every conv of our presets (1×1/1 p0, 3×3/1 p1, 5×5/1 p2, 7×7/2 p3), 'same' padding (also the asymmetric
// stride-2 kind), stride 2 without padding on odd and even inputs (the even one leaves a row the conv never
// reads), and a 1×1 conv whose padding exceeds its kernel (outputs that read only padding).
const cases: Case[] = [
  { name: '1×1 stride 1 pad 0', x: [2, 9, 9, 5], w: [1, 1, 5, 7], strides: 1, pad: 0 },
  { name: '3×3 stride 1 pad 1', x: [2, 11, 11, 4], w: [3, 3, 4, 6], strides: 1, pad: 1 },
  { name: '5×5 stride 1 pad 2 (explicit form)', x: [2, 11, 11, 3], w: [5, 5, 3, 8], strides: 1, pad: [[0, 0], [2, 2], [2, 2], [0, 0]] },
  { name: '7×7 stride 2 pad 3', x: [2, 15, 15, 3], w: [7, 7, 3, 8], strides: 2, pad: 3 },
  { name: '3×3 stride 1 same', x: [2, 10, 10, 4], w: [3, 3, 4, 5], strides: 1, pad: 'same' },
  { name: '3×3 stride 2 same (asymmetric)', x: [2, 10, 10, 3], w: [3, 3, 3, 4], strides: 2, pad: 'same' },
  { name: '3×3 stride 2 pad 0, odd input', x: [2, 13, 13, 4], w: [3, 3, 4, 6], strides: 2, pad: 0 },
  { name: '3×3 stride 2 valid, even input', x: [2, 12, 12, 4], w: [3, 3, 4, 6], strides: 2, pad: 'valid' },
  { name: '1×1 stride 2 pad 1', x: [2, 9, 9, 3], w: [1, 1, 3, 4], strides: 2, pad: 1 },
  { name: '2×2 stride 3 (taps miss some rows)', x: [2, 11, 10, 3], w: [2, 2, 3, 4], strides: 3, pad: 0 },
  { name: '3×5 stride [1,2] pad [1,0|2,1], batch 1, Cin 1', x: [1, 9, 12, 1], w: [3, 5, 1, 4], strides: [1, 2], pad: [[0, 0], [1, 0], [2, 1], [0, 0]] },
];

/** dx and dw of sum(conv2d(x, w) · r) on one backend, as plain arrays. */
function convGrads(c: Case): { dx: Float32Array; dw: Float32Array; outShape: number[] } {
  return tf.tidy(() => {
    const x = tf.tensor4d(values(size(c.x), 1), c.x);
    const w = tf.tensor4d(values(size(c.w), 2), c.w);
    const outShape = tf.conv2d(x, w, c.strides, c.pad).shape;
    const r = tf.tensor(values(size(outShape), 3), outShape);
    const [dx, dw] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.strides, c.pad), r)))([x, w]);
    return { dx: dx.dataSync() as Float32Array, dw: dw.dataSync() as Float32Array, outShape };
  });
}

const TOLERANCE = 1e-4;
const errors: Record<string, { dx: number; dw: number }> = {};

describe('wasm convolution gradients', () => {
  beforeAll(async () => {
    const choice = await initBackend('wasm');
    expect(choice.name).toBe('wasm');
  });

  it('registers idempotently and replaces the built-in Conv2DBackpropInput', () => {
    const input = tf.getKernel('Conv2DBackpropInput', 'wasm');
    const filter = tf.getKernel('Conv2DBackpropFilter', 'wasm');
    registerWasmGradientKernels();
    expect(tf.getKernel('Conv2DBackpropInput', 'wasm')).toBe(input);
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBe(filter);
    expect(builtinWasmConv2DBackpropInput()?.kernelFunc).toBeTypeOf('function');
    expect(builtinWasmConv2DBackpropInput()?.kernelFunc).not.toBe(input.kernelFunc);
  });

  it.each(cases)('$name: wasm matches cpu', async (c) => {
    const expected = await on('cpu', () => convGrads(c));
    const actual = await on('wasm', () => convGrads(c));
    expect(actual.outShape).toEqual(expected.outShape);
    const err = { dx: relativeError(actual.dx, expected.dx), dw: relativeError(actual.dw, expected.dw) };
    errors[c.name] = err;
    expect(err.dx).toBeLessThan(TOLERANCE);
    expect(err.dw).toBeLessThan(TOLERANCE);
  });

  it.each(['floor', 'round', 'ceil'] as const)('dimRoundingMode %s (pad 1, 3×3 stride 2 on 10×10)', async (mode) => {
    const xShape: Quad = [2, 10, 10, 3];
    const wShape: Quad = [3, 3, 3, 4];
    const oh = { floor: 5, round: 6, ceil: 6 }[mode];
    const dyShape: Quad = [2, oh, oh, 4];
    const run = () => tf.tidy(() => {
      const x = tf.tensor4d(values(size(xShape), 4), xShape);
      const w = tf.tensor4d(values(size(wShape), 5), wShape);
      const dy = tf.tensor4d(values(size(dyShape), 6), dyShape);
      const attrs = { strides: 2, pad: 1, dimRoundingMode: mode };
      return {
        dx: backpropInput(xShape, dy, w, attrs).dataSync(),
        dw: backpropFilter(x, dy, wShape, attrs).dataSync(),
      };
    });
    const expected = await on('cpu', run);
    const actual = await on('wasm', run);
    expect(relativeError(actual.dx, expected.dx)).toBeLessThan(TOLERANCE);
    expect(relativeError(actual.dw, expected.dw)).toBeLessThan(TOLERANCE);
  });

  it.each([
    { d: 2, strides: 2, pad: 1 },
    { d: 2, strides: 3, pad: 2 },
    { d: 3, strides: 1, pad: 0 },
  ])('dilation $d, stride $strides, pad $pad (given as an attribute; checked against a zero-dilated filter on cpu)', async ({ d, strides, pad }) => {
    const xShape: Quad = [2, 14, 13, 3];
    const wShape: Quad = [3, 3, 3, 4];
    const e = (3 - 1) * d + 1;
    const bigShape: Quad = [e, e, 3, 4];
    const wVals = values(size(wShape), 7);
    // The dilated filter with zeros between taps: conv with it equals the dilated conv.
    const big = new Float32Array(size(bigShape));
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) for (let k = 0; k < 12; k++) {
      big[(i * d * e + j * d) * 12 + k] = wVals[(i * 3 + j) * 12 + k];
    }
    const dyShape = tf.backend_util.computeConv2DInfo(xShape, bigShape, strides, 1, pad).outShape;
    const dyVals = values(size(dyShape), 8);
    const xVals = values(size(xShape), 9);

    const expected = await on('cpu', () => tf.tidy(() => {
      const dy = tf.tensor4d(dyVals, dyShape);
      const dx = backpropInput(xShape, dy, tf.tensor4d(big, bigShape), { strides, pad }).dataSync();
      const dwBig = backpropFilter(tf.tensor4d(xVals, xShape), dy, bigShape, { strides, pad });
      const dw = tf.stridedSlice(dwBig, [0, 0, 0, 0], bigShape, [d, d, 1, 1]).dataSync();
      return { dx, dw };
    }));
    const actual = await on('wasm', () => tf.tidy(() => {
      const dy = tf.tensor4d(dyVals, dyShape);
      const attrs = { strides, pad, dilations: d };
      return {
        dx: backpropInput(xShape, dy, tf.tensor4d(wVals, wShape), attrs).dataSync(),
        dw: backpropFilter(tf.tensor4d(xVals, xShape), dy, wShape, attrs).dataSync(),
      };
    }));
    expect(relativeError(actual.dx, expected.dx)).toBeLessThan(TOLERANCE);
    expect(relativeError(actual.dw, expected.dw)).toBeLessThan(TOLERANCE);
  });

  it('frees every intermediate', async () => {
    await tf.setBackend('wasm');
    const backend = tf.backend() as tf.KernelBackend & { numDataIds(): number };
    convGrads(cases[3]);
    const before = backend.numDataIds();
    const tensors = tf.memory().numTensors;
    convGrads(cases[3]);
    convGrads(cases[5]);
    expect(backend.numDataIds()).toBe(before);
    expect(tf.memory().numTensors).toBe(tensors);
  });

  it('rejects NCHW clearly', async () => {
    await tf.setBackend('wasm');
    const run = () => tf.tidy(() => backpropFilter(tf.zeros([1, 3, 5, 5]), tf.zeros([1, 4, 3, 3]), [3, 3, 3, 4], { strides: 1, pad: 0, dataFormat: 'NCHW' }));
    expect(run).toThrow(/NCHW is not supported/);
  });

  it.each([
    { shape: [1, 1, 1, 5], reps: [2, 3, 4, 1], dtype: 'float32' },
    { shape: [2, 3], reps: [3, 2], dtype: 'float32' },
    { shape: [2, 1, 3], reps: [1, 4, 2], dtype: 'int32' },
    { shape: [3], reps: [4], dtype: 'bool' },
    { shape: [2, 2, 1, 2, 3], reps: [2, 1, 3, 1, 2], dtype: 'float32' },
    { shape: [2, 3], reps: [1, 1], dtype: 'float32' },
    { shape: [2, 3], reps: [0, 2], dtype: 'float32' },
  ] as const)('Tile $shape × $reps ($dtype) matches cpu', async ({ shape, reps, dtype }) => {
    const run = () => tf.tidy(() => {
      const x = tf.tensor(values(size([...shape]), 10).map((v) => (dtype === 'float32' ? v : Math.round(v * 5))), [...shape], dtype);
      const y = tf.tile(x, [...reps]);
      return { shape: y.shape, data: Array.from(y.dataSync()) };
    });
    const expected = await on('cpu', run);
    const actual = await on('wasm', run);
    expect(actual).toEqual(expected);
  });

  // Our pooling layer leans on PadV2 with -Infinity, MaxPool/AvgPool and their wasm gradients (MaxPoolGrad,
  // AvgPoolGrad): all present in tfjs-backend-wasm, checked here against cpu.
  it.each([
    { mode: 'max', kernel: 3, stride: 1, padding: 1, ceilMode: false, countIncludePad: true },
    { mode: 'max', kernel: 3, stride: 2, padding: 0, ceilMode: true, countIncludePad: true },
    { mode: 'avg', kernel: 2, stride: 2, padding: 0, ceilMode: false, countIncludePad: true },
    { mode: 'avg', kernel: 3, stride: 2, padding: 1, ceilMode: true, countIncludePad: false },
  ] satisfies TorchPoolConfig[])('TorchPool2D $mode $kernel/$stride p$padding ceil=$ceilMode: value and gradient match cpu', async (config) => {
    const shape: Quad = [2, 9, 9, 4];
    const run = () => tf.tidy(() => {
      const layer = new TorchPool2D(config);
      const x = tf.tensor4d(values(size(shape), 11), shape);
      const y = layer.apply(x) as tf.Tensor;
      const r = tf.tensor(values(y.size, 12), y.shape);
      const dx = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(layer.apply(a) as tf.Tensor, r)))(x);
      return { y: y.dataSync(), dx: dx.dataSync() };
    });
    const expected = await on('cpu', run);
    const actual = await on('wasm', run);
    expect(relativeError(actual.y, expected.y)).toBeLessThan(TOLERANCE);
    expect(relativeError(actual.dx, expected.dx)).toBeLessThan(TOLERANCE);
  });

  it.each([
    { k: 3, s: 1, pad: 'same' },
    { k: 3, s: 2, pad: 'valid' },
    { k: 2, s: 2, pad: 'valid' },
    { k: 3, s: 2, pad: 1 },
  ] as const)('MaxPoolGrad $k/$s pad $pad: all-negative windows and ties go where cpu sends them', async ({ k, s: stride, pad }) => {
    const shape: Quad = [2, 7, 8, 3];
    // Small non-positive integers: many windows of values ≤ 0 (the built-in kernel's failure) and many ties.
    const xVals = values(size(shape), 13).map((v) => Math.round(v * 3) - 3);
    const run = () => tf.tidy(() => {
      const x = tf.tensor4d(xVals, shape);
      const y = tf.maxPool(x, k, stride, pad);
      const r = tf.tensor(values(y.size, 14), y.shape);
      return Array.from(tf.grad((a: tf.Tensor) => tf.sum(tf.mul(tf.maxPool(a as tf.Tensor4D, k, stride, pad), r)))(x).dataSync());
    });
    const expected = await on('cpu', run);
    const actual = await on('wasm', run);
    expect(relativeError(actual, expected)).toBeLessThan(TOLERANCE);
  });

  it.each([
    { shape: [4, 6, 5, 7], axis: [0, 1, 2], keepDims: false },
    { shape: [4, 6, 5, 7], axis: [2, 0, 1], keepDims: true },
    { shape: [5, 3, 9], axis: 0, keepDims: false },
    { shape: [9, 3, 2, 4], axis: [0, 1], keepDims: false },
    { shape: [7, 2, 3], axis: [0, 2], keepDims: false }, // not leading: the built-in kernel
    { shape: [3, 8], axis: -1, keepDims: true }, // innermost: the built-in kernel
    { shape: [6, 4], axis: null, keepDims: false }, // everything: the built-in kernel
    { shape: [0, 4], axis: 0, keepDims: false }, // empty: zeros, as on cpu
  ] as const)('Sum and Mean of $shape over $axis (keepDims $keepDims) match cpu', async ({ shape, axis, keepDims }) => {
    const run = () => tf.tidy(() => {
      const x = tf.tensor(values(size([...shape]), 15).map((v) => v * 100 + 3), [...shape]);
      const ax = axis === null ? undefined : typeof axis === 'number' ? axis : [...axis];
      const sum = tf.sum(x, ax, keepDims);
      const mean = tf.mean(x, ax, keepDims);
      // (The built-in kernel leaves an empty int32 sum uninitialised.)
      const intSum = x.size ? tf.sum(tf.cast(x, 'int32'), ax, keepDims) : tf.zeros([0]);
      return { shapes: [sum.shape, mean.shape], sum: sum.dataSync(), mean: mean.dataSync(), intSum: Array.from(intSum.dataSync()) };
    });
    const expected = await on('cpu', run);
    const actual = await on('wasm', run);
    expect(actual.shapes).toEqual(expected.shapes);
    expect(actual.intSum).toEqual(expected.intSum);
    expect(relativeError(actual.sum, expected.sum)).toBeLessThan(TOLERANCE);
    expect(relativeError(actual.mean, expected.mean)).toBeLessThan(TOLERANCE);
  });

  it('Identity shares memory without a copy, and freeing either tensor keeps the other', async () => {
    await tf.setBackend('wasm');
    const backend = tf.backend() as tf.KernelBackend & { numDataIds(): number };
    const before = backend.numDataIds();
    const x = tf.tensor([1, 2, 3, 4], [2, 2]);
    const y = tf.clone(x);
    const z = tf.engine().runKernel('Identity', { x: y }) as tf.Tensor;
    expect(backend.numDataIds()).toBe(before + 1);
    x.dispose();
    expect(Array.from(y.dataSync())).toEqual([1, 2, 3, 4]);
    y.dispose();
    expect(Array.from(z.dataSync())).toEqual([1, 2, 3, 4]);
    z.dispose();
    expect(backend.numDataIds()).toBe(before);
    // Strings still go to the built-in kernel.
    const s = tf.tensor(['a', 'b']);
    const t = tf.clone(s);
    expect(t.dataSync()).toEqual(['a', 'b']);
    tf.dispose([s, t]);
  });

  it('reports the errors: one per configuration, each within tolerance, not all zero (two different kernels ran)', () => {
    expect(Object.keys(errors).sort()).toEqual(cases.map((c) => c.name).sort());
    const all = Object.values(errors).flatMap(({ dx, dw }) => [dx, dw]);
    for (const e of all) expect(e).toBeGreaterThanOrEqual(0);
    expect(Math.max(...all)).toBeLessThan(TOLERANCE);
    expect(Math.max(...all)).toBeGreaterThan(0);
    // Printed for the record: max |wasm − cpu| / max |cpu| per configuration.
    console.log(JSON.stringify(errors, (_k, v: unknown) => (typeof v === 'number' ? Number(v.toExponential(2)) : v)));
  });
});

// Last: it replaces the wasm backend. Node only gets the multi-threaded build through our loader (see select.ts).
describe('multi-threaded wasm', () => {
  it('INCEPTION_WASM_THREADS=2 starts the threaded build, and the gradients still match cpu', async () => {
    const saved = process.env.INCEPTION_WASM_THREADS;
    process.env.INCEPTION_WASM_THREADS = '2';
    try {
      const choice = await initBackend('wasm');
      expect(choice).toMatchObject({ name: 'wasm', detail: 'threaded SIMD build, 2 threads' });
      for (const c of [cases[1], cases[3]]) {
        const expected = await on('cpu', () => convGrads(c));
        const actual = await on('wasm', () => convGrads(c));
        expect(relativeError(actual.dx, expected.dx)).toBeLessThan(TOLERANCE);
        expect(relativeError(actual.dw, expected.dw)).toBeLessThan(TOLERANCE);
      }
    } finally {
      if (saved === undefined) delete process.env.INCEPTION_WASM_THREADS;
      else process.env.INCEPTION_WASM_THREADS = saved;
    }
  });
});
