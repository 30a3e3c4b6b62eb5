/**
 * The two gradients of a depthwise convolution for TF.js's WebAssembly backend, which has the forward
 * `DepthwiseConv2dNative` but neither gradient kernel, so a DepthwiseConv2D layer could not train on it.
 * Plain loops over the wasm heap: a depthwise convolution does k·k multiply-adds per output value, far less
 * work than a full convolution, so no XNNPACK detour is needed.
 *
 * Forward, for output channel c·m + j (m the depth multiplier):
 *   y[b, oy, ox, c·m + j] = Σ_ky,kx x[b, oy·sy − top + ky·dy, ox·sx − left + kx·dx, c] · f[ky, kx, c, j]
 * so each term of it adds to one input gradient and one filter gradient.
 */
import * as tf from '@tensorflow/tfjs';

const BACKEND = 'wasm';

type Info = tf.TensorInfo;
type Quad = [number, number, number, number];

interface WasmHeap extends tf.KernelBackend {
  makeOutput(shape: number[], dtype: tf.DataType): Info;
  typedArrayFromHeap(info: Info): Float32Array | Int32Array | Uint8Array;
}

interface DepthwiseAttrs {
  strides: number | [number, number];
  dilations: number | [number, number];
  pad: Parameters<typeof tf.backend_util.computeConv2DInfo>[4];
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

/** Visits every term of the forward sum: (input offset, filter offset, output offset) for each channel pair. */
function forEachTerm(info: tf.backend_util.Conv2DInfo, visit: (xAt: number, fAt: number, yAt: number) => void): void {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels, filterHeight, filterWidth } = info;
  const m = outChannels / inChannels;
  for (let b = 0; b < batchSize; b++) for (let oy = 0; oy < outHeight; oy++) for (let ky = 0; ky < filterHeight; ky++) {
    const iy = oy * info.strideHeight - info.padInfo.top + ky * info.dilationHeight;
    if (iy < 0 || iy >= inHeight) continue;
    for (let ox = 0; ox < outWidth; ox++) for (let kx = 0; kx < filterWidth; kx++) {
      const ix = ox * info.strideWidth - info.padInfo.left + kx * info.dilationWidth;
      if (ix < 0 || ix >= inWidth) continue;
      const xRow = ((b * inHeight + iy) * inWidth + ix) * inChannels;
      const fRow = (ky * filterWidth + kx) * outChannels;
      const yRow = ((b * outHeight + oy) * outWidth + ox) * outChannels;
      for (let c = 0; c < inChannels; c++) for (let j = 0; j < m; j++) visit(xRow + c, fRow + c * m + j, yRow + c * m + j);
    }
  }
}

function conv2DInfo(xShape: Quad, filterShape: Quad, attrs: DepthwiseAttrs): tf.backend_util.Conv2DInfo {
  const { strides, dilations, pad, dimRoundingMode } = attrs;
  return tf.backend_util.computeConv2DInfo(xShape, filterShape, strides, dilations, pad, dimRoundingMode, true);
}

function backpropInput({ inputs, attrs, backend }: Parameters<tf.KernelFunc>[0]): Info {
  const heap = backend as WasmHeap;
  const { dy, filter } = inputs as { dy: Info; filter: Info };
  const a = attrs as unknown as DepthwiseAttrs & { inputShape: Quad };
  const info = conv2DInfo(a.inputShape, filter.shape as Quad, a);
  const dx = heap.makeOutput(a.inputShape, 'float32');
  const dxData = heap.typedArrayFromHeap(dx) as Float32Array;
  dxData.fill(0);
  const f = heap.typedArrayFromHeap(filter);
  const g = heap.typedArrayFromHeap(dy);
  forEachTerm(info, (xAt, fAt, yAt) => (dxData[xAt] += f[fAt] * g[yAt]));
  return dx;
}

function backpropFilter({ inputs, attrs, backend }: Parameters<tf.KernelFunc>[0]): Info {
  const heap = backend as WasmHeap;
  const { x, dy } = inputs as { x: Info; dy: Info };
  const a = attrs as unknown as DepthwiseAttrs & { filterShape: Quad };
  const info = conv2DInfo(x.shape as Quad, a.filterShape, a);
  const df = heap.makeOutput(a.filterShape, 'float32');
  const dfData = heap.typedArrayFromHeap(df) as Float32Array;
  dfData.fill(0);
  const xs = heap.typedArrayFromHeap(x);
  const g = heap.typedArrayFromHeap(dy);
  forEachTerm(info, (xAt, fAt, yAt) => (dfData[fAt] += xs[xAt] * g[yAt]));
  return df;
}

/** Kernel configs for `DepthwiseConv2dNativeBackpropInput` and `…BackpropFilter` on the 'wasm' backend. */
export const depthwiseGradientConfigs: tf.KernelConfig[] = [
  { kernelName: 'DepthwiseConv2dNativeBackpropInput', backendName: BACKEND, kernelFunc: backpropInput as tf.KernelFunc },
  { kernelName: 'DepthwiseConv2dNativeBackpropFilter', backendName: BACKEND, kernelFunc: backpropFilter as tf.KernelFunc },
];
