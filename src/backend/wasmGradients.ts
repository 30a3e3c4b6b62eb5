/**
 * Training kernels for TF.js's WebAssembly backend: the convolution gradients, expressed through its fast
 * (XNNPACK) forward `Conv2D` kernel, plus `MaxPoolGrad` (the built-in one is wrong for windows of
 * values ≤ 0) and a faster `Tile` (see each below).
 *
 * tfjs-backend-wasm 4.x has no `Conv2DBackpropFilter` kernel at all (tensorflow/tfjs#8474), so it cannot
 * train a convolution, and its `Conv2DBackpropInput` is a plain loop that runs about ten times slower than
 * the forward convolution. Both gradients are convolutions themselves:
 *
 * - input gradient: dy, padded, convolved (stride 1) with the filter flipped in space and with its in/out
 *   channel axes swapped. That is the textbook form for stride 1; for stride s it would need dy
 *   zero-upsampled by s, i.e. s² times the work, so instead dx is split into s×s interleaved phases (input
 *   positions by their remainder modulo s), each a stride-1 convolution of dy with the taps that reach it;
 * - filter gradient: x with its batch and channel axes swapped ([Cin, H, W, N]) convolved with dy as the
 *   filter ([OH, OW, N, Cout]), the forward stride becoming the dilation and the forward dilation the
 *   stride; the [Cin, KH, KW, Cout] result is transposed to [KH, KW, Cin, Cout].
 *
 * Padding that would be negative (windows that read only padding, or rows the forward conv never reaches)
 * becomes a crop with `Slice`. The arithmetic runs in the wasm backend's own kernels, called directly;
 * only data movement (gathering and flipping filter taps, interleaving the phases) is done in JS on the
 * wasm heap, by block copies, as the backend's own JS kernels do (its `Reverse` takes ~35 ns per element).
 * Every intermediate is disposed before the kernel returns.
 */
import * as tf from '@tensorflow/tfjs';
import { depthwiseGradientConfigs } from './wasmDepthwiseGradients';

const BACKEND = 'wasm';

type Info = tf.TensorInfo;

/** The parts of tfjs-backend-wasm's BackendWasm that the JS-side steps use (as its own JS kernels do). */
interface WasmBackend extends tf.KernelBackend {
  makeOutput(shape: number[], dtype: tf.DataType): Info;
  incRef(dataId: tf.DataId): void;
  typedArrayFromHeap(info: Info): Float32Array | Int32Array | Uint8Array;
}
type Quad = [number, number, number, number];
type ExplicitPadding = [[number, number], [number, number], [number, number], [number, number]];

/** Attributes of both gradient kernels; `dilations` is not sent by TF.js's own gradients but honoured if present. */
interface GradAttrs {
  strides: number | [number, number];
  pad: 'valid' | 'same' | number | ExplicitPadding;
  dataFormat?: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  dilations?: number | [number, number];
}

interface InputGradAttrs extends GradAttrs { inputShape: Quad }
interface FilterGradAttrs extends GradAttrs { filterShape: Quad }

/** Calls one of the wasm backend's registered kernels and tracks its output for disposal. */
class Scratch {
  private readonly held: Info[] = [];

  constructor(private readonly backend: tf.KernelBackend) {}

  run(kernelName: string, inputs: tf.NamedTensorInfoMap, attrs: tf.NamedAttrMap): Info {
    const kernel = tf.getKernel(kernelName, BACKEND);
    if (!kernel) throw new Error(`the wasm backend has no ${kernelName} kernel, which the convolution gradients need`);
    const out = kernel.kernelFunc({ inputs, attrs, backend: this.backend });
    const info = Array.isArray(out) ? out[0] : out;
    this.held.push(info);
    return info;
  }

  /** Adds an output made outside `run` to the disposal list. */
  track(info: Info): Info {
    this.held.push(info);
    return info;
  }

  /** Takes `info` out of the disposal list: it is the kernel's result. */
  keep(info: Info): Info {
    const at = this.held.indexOf(info);
    if (at >= 0) this.held.splice(at, 1);
    return info;
  }

  dispose(): void {
    for (const info of this.held.splice(0)) this.backend.disposeData(info.dataId);
  }
}

function pair(v: number | [number, number] | undefined): [number, number] {
  if (v === undefined) return [1, 1];
  return typeof v === 'number' ? [v, v] : [v[0], v[1]];
}

function checkAttrs(kernel: string, attrs: GradAttrs): void {
  if (attrs.dataFormat !== undefined && attrs.dataFormat !== 'NHWC') {
    throw new Error(`${kernel} (wasm): dataFormat ${attrs.dataFormat} is not supported; use NHWC`);
  }
  for (const [what, v] of [['strides', attrs.strides], ['dilations', attrs.dilations]] as const) {
    const [a, b] = pair(v);
    if (!(Number.isInteger(a) && Number.isInteger(b) && a >= 1 && b >= 1)) {
      throw new Error(`${kernel} (wasm): ${what} must be positive integers, got ${String(v)}`);
    }
  }
}

/**
 * Crops `x` ([N, H, W, C]) where a padding is negative and returns the non-negative padding that remains,
 * or null when the crop leaves nothing.
 */
function cropNegativePadding(
  s: Scratch,
  x: Info,
  [top, bottom, left, right]: Quad,
): { x: Info; pad: ExplicitPadding } | null {
  const [n, h, w, c] = x.shape;
  const cut = [Math.max(0, -top), Math.max(0, -bottom), Math.max(0, -left), Math.max(0, -right)];
  const pad: ExplicitPadding = [[0, 0], [Math.max(0, top), Math.max(0, bottom)], [Math.max(0, left), Math.max(0, right)], [0, 0]];
  if (cut.every((v) => v === 0)) return { x, pad };
  const size = [n, h - cut[0] - cut[1], w - cut[2] - cut[3], c];
  if (size[1] <= 0 || size[2] <= 0) return null;
  return { x: s.run('Slice', { x }, { begin: [0, cut[0], cut[2], 0], size }), pad };
}

function zeros(s: Scratch, shape: number[]): Info {
  return s.run('Fill', {}, { shape, value: 0, dtype: 'float32' });
}

function expectShape(kernel: string, info: Info, shape: number[]): void {
  if (info.shape.length !== shape.length || info.shape.some((d, i) => d !== shape[i])) {
    throw new Error(`${kernel} (wasm): internal convolution produced [${info.shape.join(', ')}], expected [${shape.join(', ')}]`);
  }
}

/** One residue class of output positions along one axis of the input gradient (see conv2dBackpropInput). */
interface Phase {
  /** How many input positions i ≡ r (mod stride) there are. */
  count: number;
  /** The filter taps that reach those positions, ascending. */
  taps: number[];
  /** Dilation of the phase's convolution over dy: consecutive taps are this many dy positions apart. */
  dilation: number;
  /** Padding of dy before and after for the phase's convolution (negative: crop). */
  before: number;
  after: number;
}

const mod = (a: number, m: number) => ((a % m) + m) % m;

/**
 * Splits one axis of the input gradient by position modulo the stride. Input position i = q·stride + r is
 * reached by tap k from dy position (i + padBefore − k·dilation) / stride when that is an integer, so
 * phase r uses only the taps with (r + padBefore − k·dilation) ≡ 0 (mod stride), which are evenly spaced,
 * and is a stride-1 convolution of (unupsampled) dy with those taps reversed.
 */
function phases(inLen: number, outLen: number, kernel: number, stride: number, dilation: number, padBefore: number): Phase[] {
  return Array.from({ length: stride }, (_, r) => {
    const count = r < inLen ? Math.floor((inLen - 1 - r) / stride) + 1 : 0;
    const taps = Array.from({ length: kernel }, (_, k) => k).filter((k) => mod(r + padBefore - k * dilation, stride) === 0);
    if (taps.length === 0) return { count, taps, dilation: 1, before: 0, after: 0 };
    const offset = (r + padBefore - taps[0] * dilation) / stride;
    const step = taps.length > 1 ? ((taps[1] - taps[0]) * dilation) / stride : 1;
    return { count, taps, dilation: step, before: (taps.length - 1) * step - offset, after: count + offset - outLen };
  });
}

/** The taps `rows` × `cols` of a [KH, KW, A, B] filter, in reverse order (the spatial flip), as [R, C, A, B]. */
function reversedTaps(backend: WasmBackend, filter: Info, rows: number[], cols: number[]): Info {
  const [, kw, a, b] = filter.shape;
  const block = a * b;
  const out = backend.makeOutput([rows.length, cols.length, a, b], 'float32');
  const src = backend.typedArrayFromHeap(filter);
  const dst = backend.typedArrayFromHeap(out);
  let at = 0;
  for (let i = rows.length - 1; i >= 0; i--) {
    for (let j = cols.length - 1; j >= 0; j--) {
      const from = (rows[i] * kw + cols[j]) * block;
      dst.set(src.subarray(from, from + block), at);
      at += block;
    }
  }
  return out;
}

function conv2dBackpropInput({ inputs, backend, attrs }: Parameters<tf.KernelFunc>[0]): Info {
  const { dy, filter } = inputs as { dy: Info; filter: Info };
  const a = attrs as unknown as InputGradAttrs;
  checkAttrs('Conv2DBackpropInput', a);
  const info = tf.backend_util.computeConv2DInfo(
    a.inputShape, filter.shape as Quad, a.strides, a.dilations ?? 1, a.pad, a.dimRoundingMode, false, 'channelsLast',
  );
  const { batchSize: n, inHeight: h, inWidth: w, inChannels: cin, strideHeight: sh, strideWidth: sw } = info;
  const { dilationHeight: dh, dilationWidth: dw } = info;
  const [kh, kw, , cout] = filter.shape;
  // The output size comes from dy itself: TF.js's conv gradient drops dimRoundingMode, so info's may differ.
  const [dyN, oh, ow, dyC] = dy.shape;
  if (dyN !== n || dyC !== cout) {
    throw new Error(`Conv2DBackpropInput (wasm): dy [${dy.shape.join(', ')}] does not match input [${a.inputShape.join(', ')}] and filter [${filter.shape.join(', ')}]`);
  }

  const wasm = backend as WasmBackend;
  const s = new Scratch(wasm);
  try {
    // In/out channel axes swapped: [KH, KW, Cout, Cin].
    const swapped = cin > 1 && cout > 1 ? s.run('Transpose', { x: filter }, { perm: [0, 1, 3, 2] })
      : s.run('Reshape', { x: filter }, { shape: [kh, kw, cout, cin] });
    // Stride s splits dx into s×s interleaved phases, each a stride-1 convolution of dy with a subset of the
    // flipped filter's taps: the same FLOPs as the forward conv, instead of s² times more on a
    // zero-upsampled dy. With stride 1 there is one phase, the plain "full" convolution.
    const rowPhases = phases(h, oh, kh, sh, dh, info.padInfo.top);
    const colPhases = phases(w, ow, kw, sw, dw, info.padInfo.left);
    const parts: { rh: number; rw: number; out: Info | null }[] = [];
    for (let rh = 0; rh < sh; rh++) {
      for (let rw = 0; rw < sw; rw++) {
        const rows = rowPhases[rh];
        const cols = colPhases[rw];
        if (rows.count === 0 || cols.count === 0) continue;
        const cropped = rows.taps.length && cols.taps.length ? cropNegativePadding(s, dy, [rows.before, rows.after, cols.before, cols.after]) : null;
        if (!cropped) {
          parts.push({ rh, rw, out: null }); // no tap reaches these positions: zeros
          continue;
        }
        const f = s.track(reversedTaps(wasm, swapped, rows.taps, cols.taps));
        const out = s.run('Conv2D', { x: cropped.x, filter: f }, {
          strides: [1, 1], pad: cropped.pad, dilations: [rows.dilation, cols.dilation], dataFormat: 'NHWC', dimRoundingMode: undefined,
        } as unknown as tf.NamedAttrMap);
        expectShape('Conv2DBackpropInput', out, [n, rows.count, cols.count, cin]);
        parts.push({ rh, rw, out });
      }
    }
    if (parts.length === 1 && parts[0].out && sh === 1 && sw === 1) return s.keep(parts[0].out);

    // Interleave the phases: dx[n, qh·sh + rh, qw·sw + rw, :] = phase(rh, rw)[n, qh, qw, :].
    const dx = s.track(wasm.makeOutput([n, h, w, cin], 'float32'));
    const dst = wasm.typedArrayFromHeap(dx); // views only after the last allocation: the heap may grow
    for (const { rh, rw, out } of parts) {
      const qh = rowPhases[rh].count;
      const qw = colPhases[rw].count;
      const src = out ? wasm.typedArrayFromHeap(out) : null;
      for (let b = 0; b < n; b++) {
        for (let i = 0; i < qh; i++) {
          for (let j = 0; j < qw; j++) {
            const to = ((b * h + i * sh + rh) * w + j * sw + rw) * cin;
            if (!src) {
              dst.fill(0, to, to + cin);
            } else {
              const from = ((b * qh + i) * qw + j) * cin;
              if (cin >= 16) dst.set(src.subarray(from, from + cin), to);
              else for (let c = 0; c < cin; c++) dst[to + c] = src[from + c];
            }
          }
        }
      }
    }
    return s.keep(dx);
  } finally {
    s.dispose();
  }
}

function conv2dBackpropFilter({ inputs, backend, attrs }: Parameters<tf.KernelFunc>[0]): Info {
  const { x, dy } = inputs as { x: Info; dy: Info };
  const a = attrs as unknown as FilterGradAttrs;
  checkAttrs('Conv2DBackpropFilter', a);
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as Quad, a.filterShape, a.strides, a.dilations ?? 1, a.pad, a.dimRoundingMode, false, 'channelsLast',
  );
  const { batchSize: n, inHeight: h, inWidth: w, inChannels: cin, strideHeight: sh, strideWidth: sw } = info;
  const { dilationHeight: dh, dilationWidth: dw } = info;
  const [kh, kw, fcin, cout] = a.filterShape;
  const [dyN, oh, ow, dyC] = dy.shape;
  if (dyN !== n || dyC !== cout || fcin !== cin) {
    throw new Error(`Conv2DBackpropFilter (wasm): x [${x.shape.join(', ')}], dy [${dy.shape.join(', ')}] and filter [${a.filterShape.join(', ')}] do not match`);
  }

  const s = new Scratch(backend as tf.KernelBackend);
  try {
    const { top, left, bottom, right } = info.padInfo;
    if (kh === 1 && kw === 1 && sh === 1 && sw === 1 && top === 0 && left === 0 && bottom === 0 && right === 0 && oh === h && ow === w) {
      // A 1×1 convolution is a matrix product: dw = xᵀ·dy over the N·H·W positions. The backend's fast (XNNPACK)
      // BatchMatMul wants both operands untransposed, so x is transposed first: [Cin, N·H·W] · [N·H·W, Cout].
      const rows = n * h * w;
      const x2 = s.run('Reshape', { x }, { shape: [rows, cin] });
      const xt = s.run('Reshape', { x: s.run('Transpose', { x: x2 }, { perm: [1, 0] }) }, { shape: [1, cin, rows] });
      const dy3 = s.run('Reshape', { x: dy }, { shape: [1, rows, cout] });
      const product = s.run('BatchMatMul', { a: xt, b: dy3 }, { transposeA: false, transposeB: false });
      return s.keep(s.run('Reshape', { x: product }, { shape: [1, 1, cin, cout] }));
    }
    // Channels become the batch and the batch the channels: x → [Cin, H, W, N], dy → [OH, OW, N, Cout].
    const xt = s.run('Transpose', { x }, { perm: [3, 1, 2, 0] });
    const dyt = s.run('Transpose', { x: dy }, { perm: [1, 2, 0, 3] });
    const cropped = cropNegativePadding(s, xt, [
      top, (kh - 1) * dh + (oh - 1) * sh + 1 - h - top,
      left, (kw - 1) * dw + (ow - 1) * sw + 1 - w - left,
    ]);
    if (!cropped) return s.keep(zeros(s, [kh, kw, cin, cout]));
    const g = s.run('Conv2D', { x: cropped.x, filter: dyt }, {
      strides: [dh, dw], pad: cropped.pad, dilations: [sh, sw], dataFormat: 'NHWC', dimRoundingMode: undefined,
    } as unknown as tf.NamedAttrMap);
    expectShape('Conv2DBackpropFilter', g, [cin, kh, kw, cout]);
    // [Cin, KH, KW, Cout] → [KH, KW, Cin, Cout].
    const dw4 = cin > 1 ? s.run('Transpose', { x: g }, { perm: [1, 2, 0, 3] })
      : s.run('Reshape', { x: g }, { shape: [kh, kw, cin, cout] });
    return s.keep(dw4);
  } finally {
    s.dispose();
  }
}

/**
 * `Tile` by block copies inside the wasm heap. The built-in one computes every element's source index and
 * runs at ~70 ns per element; TF.js's FusedBatchNorm gradient tiles a [1, 1, 1, C] tensor to the full
 * activation shape for every BatchNorm layer, which made Tile ~14% of a GoogLeNet-96 training step.
 * Strings go to the built-in kernel.
 */
function tileByCopies(backend: WasmBackend, x: Info, reps: number[]): Info {
  const shape = x.shape;
  const out = backend.makeOutput(shape.map((d, i) => d * reps[i]), x.dtype);
  const total = out.shape.reduce((p, d) => p * d, 1);
  if (total === 0) return out;
  const dst = backend.typedArrayFromHeap(out);
  dst.set(backend.typedArrayFromHeap(x));
  // Expand one axis at a time, innermost first. Before axis k, the buffer holds the array with axes > k
  // already tiled; each of its `outer` blocks (one per index of the axes < k) is repeated reps[k] times.
  // Going from the last block to the first never overwrites a block not yet moved.
  let inner = 1;
  for (let k = shape.length - 1; k >= 0; k--) {
    const block = shape[k] * inner;
    const r = reps[k];
    if (r > 1) {
      const outer = shape.slice(0, k).reduce((p, d) => p * d, 1);
      for (let o = outer - 1; o >= 0; o--) {
        const to = o * block * r;
        dst.copyWithin(to, o * block, (o + 1) * block);
        for (let filled = block; filled < block * r; filled *= 2) {
          dst.copyWithin(to + filled, to, to + Math.min(filled, block * r - filled));
        }
      }
    }
    inner = block * r;
  }
  return out;
}

/**
 * `MaxPoolGrad`: each window's dy goes to its first maximum (as on cpu and in TensorFlow). The built-in wasm
 * kernel starts every window's maximum at `numeric_limits<float>::min()`, the smallest *positive* float, so
 * a window whose values are all ≤ 0 sends its gradient to the wrong element (or nowhere); it is also slow
 * (~90 ms for a [16, 48, 48, 64] input). This runs in JS on the wasm heap, channels innermost.
 */
function maxPoolGrad({ inputs, backend, attrs }: Parameters<tf.KernelFunc>[0]): Info {
  const { dy, input, output } = inputs as { dy: Info; input: Info; output: Info };
  const a = attrs as unknown as {
    filterSize: number | [number, number];
    strides: number | [number, number];
    pad: 'valid' | 'same' | number | ExplicitPadding;
    dimRoundingMode?: 'floor' | 'round' | 'ceil';
  };
  const info = tf.backend_util.computePool2DInfo(input.shape as Quad, a.filterSize, a.strides, 1, a.pad, a.dimRoundingMode);
  const [n, h, w, c] = input.shape;
  // Window count from dy itself: TF.js's MaxPool gradient drops dimRoundingMode.
  const [, oh, ow] = dy.shape;
  const { strideHeight: sh, strideWidth: sw, effectiveFilterHeight: kh, effectiveFilterWidth: kw } = info;
  const { top, left } = info.padInfo;

  const wasm = backend as WasmBackend;
  const dx = wasm.makeOutput([n, h, w, c], 'float32');
  const x = wasm.typedArrayFromHeap(input);
  const y = wasm.typedArrayFromHeap(output);
  const g = wasm.typedArrayFromHeap(dy);
  const out = wasm.typedArrayFromHeap(dx);
  out.fill(0);
  const rowStride = w * c;
  for (let b = 0; b < n; b++) {
    for (let i = 0; i < oh; i++) {
      const hFrom = Math.max(0, i * sh - top);
      const hTo = Math.min(h, i * sh - top + kh);
      for (let j = 0; j < ow; j++) {
        const wFrom = Math.max(0, j * sw - left);
        const wTo = Math.min(w, j * sw - left + kw);
        if (hFrom >= hTo || wFrom >= wTo) continue;
        const d = ((b * oh + i) * ow + j) * c;
        const first = ((b * h + hFrom) * w + wFrom) * c;
        // Each channel's gradient goes to the first window position (row-major) holding the window's maximum,
        // which the forward pass computed: a scan that stops there, with nothing to write until then.
        for (let k = 0; k < c; k++) {
          const max = y[d + k];
          let found = -1;
          for (let row = first + k, yy = hFrom; yy < hTo && found < 0; yy++, row += rowStride) {
            for (let at = row, z = wFrom; z < wTo; z++, at += c) {
              if (x[at] === max) {
                found = at;
                break;
              }
            }
          }
          if (found >= 0) out[found] += g[d + k];
        }
      }
    }
  }
  return dx;
}

/** The wasm backend's own kernels that ours replace, for the cases ours hand back to them. */
const builtins = new Map<string, tf.KernelConfig>();

function builtin(kernelName: string, args: Parameters<tf.KernelFunc>[0], why: string): Info {
  const kernel = builtins.get(kernelName);
  if (!kernel) throw new Error(`${kernelName} (wasm): ${why}, and the built-in kernel is not available`);
  return kernel.kernelFunc(args) as Info;
}

function tile(args: Parameters<tf.KernelFunc>[0]): Info {
  const x = args.inputs.x as Info;
  if (x.dtype === 'string' || x.dtype === 'complex64') return builtin('Tile', args, `${x.dtype} tensors are not supported`);
  const { reps } = args.attrs as unknown as { reps: number[] };
  if (reps.length !== x.shape.length) throw new Error(`Tile (wasm): reps [${reps.join(', ')}] do not match rank ${x.shape.length}`);
  return tileByCopies(args.backend as WasmBackend, x, reps);
}

/**
 * `Sum` and `Mean` of float32 tensors over leading axes (e.g. N, H, W of an NHWC tensor: every BatchNorm
 * statistic and gradient, every conv bias gradient), in one pass over the wasm heap with float64
 * accumulators, one per output element. The built-in kernels first transpose the reduced axes innermost,
 * a full copy of the tensor that costs more than the sum itself. Other axes and dtypes go to the built-ins.
 */
function reduceLeading(kernelName: 'Sum' | 'Mean', args: Parameters<tf.KernelFunc>[0]): Info {
  const x = args.inputs.x as Info;
  const { axis, keepDims } = args.attrs as unknown as { axis: number | number[]; keepDims: boolean };
  const shape = x.shape;
  const axes = tf.util.parseAxisParam(axis, shape).sort((a, b) => a - b);
  const k = axes.length;
  const leading = k > 0 && k < shape.length && axes.every((a, i) => a === i);
  const outer = shape.slice(0, k).reduce((p, d) => p * d, 1);
  if (x.dtype !== 'float32' || !leading) return builtin(kernelName, args, 'unsupported reduction');
  const inner = shape.slice(k).reduce((p, d) => p * d, 1);
  const wasm = args.backend as WasmBackend;
  const out = wasm.makeOutput(keepDims ? shape.map((d, i) => (i < k ? 1 : d)) : shape.slice(k), 'float32');
  if (inner === 0) return out;
  const dst = wasm.typedArrayFromHeap(out);
  if (outer === 0) {
    dst.fill(0); // as on cpu, for Mean too (the built-ins leave the memory as it was)
    return out;
  }
  const src = wasm.typedArrayFromHeap(x);
  const acc = new Float64Array(inner);
  // Four rows per sweep (their float32 sum first): half the accumulator traffic of one row at a time.
  let o = 0;
  let at = 0;
  for (const step = 4 * inner; o + 4 <= outer; o += 4, at += step) {
    for (let j = 0, a = at; j < inner; j++, a++) acc[j] += (src[a] + src[a + inner]) + (src[a + 2 * inner] + src[a + 3 * inner]);
  }
  for (; o < outer; o++, at += inner) {
    for (let j = 0; j < inner; j++) acc[j] += src[at + j];
  }
  const scale = kernelName === 'Mean' ? 1 / outer : 1;
  for (let j = 0; j < inner; j++) dst[j] = acc[j] * scale;
  return out;
}

/**
 * `Identity` without a copy: the output shares the input's memory, reference-counted, as the backend's own
 * `Reshape` does (and the cpu backend's `Identity`). The built-in copies, and TF.js clones every tensor a
 * gradient saves through `Identity`: ~1,700 copies per GoogLeNet-96 training step.
 */
function identity(args: Parameters<tf.KernelFunc>[0]): Info {
  const x = args.inputs.x as Info;
  if (x.dtype === 'string' || x.dtype === 'complex64') return builtin('Identity', args, `${x.dtype} tensors are not supported`);
  (args.backend as WasmBackend).incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

/** Runs the built-in's setup (which binds its wasm function) for the cases handed back to it. */
const setupBuiltin = (kernelName: string): tf.KernelSetupFunc => (b) => builtins.get(kernelName)?.setupFunc?.(b);

const configs: tf.KernelConfig[] = [
  { kernelName: 'Conv2DBackpropInput', backendName: BACKEND, kernelFunc: conv2dBackpropInput as tf.KernelFunc },
  { kernelName: 'Conv2DBackpropFilter', backendName: BACKEND, kernelFunc: conv2dBackpropFilter as tf.KernelFunc },
  { kernelName: 'MaxPoolGrad', backendName: BACKEND, kernelFunc: maxPoolGrad as tf.KernelFunc },
  { kernelName: 'Tile', backendName: BACKEND, kernelFunc: tile as tf.KernelFunc, setupFunc: setupBuiltin('Tile') },
  { kernelName: 'Sum', backendName: BACKEND, kernelFunc: ((a) => reduceLeading('Sum', a)) as tf.KernelFunc, setupFunc: setupBuiltin('Sum') },
  { kernelName: 'Mean', backendName: BACKEND, kernelFunc: ((a) => reduceLeading('Mean', a)) as tf.KernelFunc, setupFunc: setupBuiltin('Mean') },
  { kernelName: 'Identity', backendName: BACKEND, kernelFunc: identity as tf.KernelFunc, setupFunc: setupBuiltin('Identity') },
  ...depthwiseGradientConfigs,
];

function ours(kernelName: string): boolean {
  return configs.some((c) => c.kernelName === kernelName && tf.getKernel(kernelName, BACKEND)?.kernelFunc === c.kernelFunc);
}

/**
 * Registers our training kernels for the 'wasm' backend: the two convolution gradients (replacing its
 * built-in `Conv2DBackpropInput`), the two depthwise convolution gradients it lacks, a correct and faster
 * `MaxPoolGrad`, and faster `Tile`, `Sum`, `Mean` and `Identity`. Idempotent; works before or after the backend is initialised.
 */
export function registerWasmGradientKernels(): void {
  for (const config of configs) {
    if (ours(config.kernelName)) continue;
    const existing = tf.getKernel(config.kernelName, BACKEND);
    if (existing) {
      builtins.set(config.kernelName, existing);
      tf.unregisterKernel(config.kernelName, BACKEND);
    }
    tf.registerKernel(config);
  }
}

/** The wasm backend's own `Conv2DBackpropInput`, as it was before ours replaced it (for benchmarks). */
export function builtinWasmConv2DBackpropInput(): tf.KernelConfig | undefined {
  return builtins.get('Conv2DBackpropInput') ?? (ours('Conv2DBackpropInput') ? undefined : tf.getKernel('Conv2DBackpropInput', BACKEND));
}
