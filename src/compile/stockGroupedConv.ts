import type * as tfjs from '@tensorflow/tfjs';
import type { DepthwiseConvOptions, GroupedConvOptions } from '../layers/define';
import { spreadKernel } from './dilatedDepthwise';

/** A weight of a stock-layers model that is a part of one of the design's weights, computed from it. */
export interface DerivedWeight {
  /** The design's weight it comes from: `<node>/kernel`. */
  from: string;
  /** The stock layer's weight from the design's (TF.js layout both). */
  derive(source: { data: Float32Array; shape: number[] }): { data: Float32Array; shape: number[] };
}

/** Output channels [start, start + size) of a [.., filters] tensor: one group's filters. */
function lastAxisSlice(start: number, size: number): DerivedWeight['derive'] {
  return ({ data, shape }) => {
    const last = shape[shape.length - 1];
    const rows = data.length / last;
    const out = new Float32Array(rows * size);
    for (let r = 0; r < rows; r++) out.set(data.subarray(r * last + start, r * last + start + size), r * size);
    return { data: out, shape: [...shape.slice(0, -1), size] };
  };
}

/**
 * A grouped convolution from stock TF.js layers only, so that plain `tf.loadLayersModel` reads it:
 * - one input channel per group: a `depthwiseConv2d` (its kernel the design's, reshaped);
 * - otherwise, per group, the group's channels cut out (channels moved to a spatial axis by `permute`,
 *   `cropping2D`, moved back), a `conv2d` with the group's filters, and the groups' outputs concatenated.
 * The stock weights that are parts of the design's `<name>/kernel` and `<name>/bias` go into `derived`.
 */
export function stockGroupedConv(
  tf: typeof tfjs,
  x: tfjs.SymbolicTensor,
  o: GroupedConvOptions,
  name: string,
  derived: Map<string, DerivedWeight>,
): tfjs.SymbolicTensor {
  const channels = x.shape[3] as number;
  const perGroup = channels / o.groups;
  const outPerGroup = o.filters / o.groups;
  const conv = { kernelSize: o.kernel, strides: o.stride, dilationRate: o.dilation, padding: o.padding, useBias: o.useBias };
  if (perGroup === 1) {
    const depthwise = { ...o, depthMultiplier: outPerGroup };
    return stockDepthwiseConv(tf, x, depthwise, name, derived, ({ data, shape }) => ({ data, shape: [shape[0], shape[1], channels, outPerGroup] }), `${name}/kernel`);
  }
  const channelsAsColumns = tf.layers.permute({ dims: [1, 3, 2], name: `${name}_channels` }).apply(x) as tfjs.SymbolicTensor;
  const outputs = Array.from({ length: o.groups }, (_, g) => {
    const cut = tf.layers.cropping2D({ cropping: [[0, 0], [g * perGroup, channels - (g + 1) * perGroup]], name: `${name}_g${g}_cut` }).apply(channelsAsColumns);
    const part = tf.layers.permute({ dims: [1, 3, 2], name: `${name}_g${g}_in` }).apply(cut) as tfjs.SymbolicTensor;
    derived.set(`${name}_g${g}/kernel`, { from: `${name}/kernel`, derive: lastAxisSlice(g * outPerGroup, outPerGroup) });
    if (o.useBias) derived.set(`${name}_g${g}/bias`, { from: `${name}/bias`, derive: lastAxisSlice(g * outPerGroup, outPerGroup) });
    return tf.layers.conv2d({ ...conv, filters: outPerGroup, name: `${name}_g${g}` }).apply(part) as tfjs.SymbolicTensor;
  });
  return tf.layers.concatenate({ axis: -1, name }).apply(outputs) as tfjs.SymbolicTensor;
}

/**
 * A depthwise convolution from stock layers. tfjs-layers' DepthwiseConv2D ignores its dilation (see
 * `DilatedDepthwiseConv2D`), so a dilated one is written undilated with its kernel spread: taps `dilation`
 * apart, zeros between (`spreadKernel`); the same sums. `reshape` turns the design's weight into [kh, kw, C, m].
 */
export function stockDepthwiseConv(
  tf: typeof tfjs,
  x: tfjs.SymbolicTensor,
  o: Omit<DepthwiseConvOptions, 'seed'>,
  name: string,
  derived: Map<string, DerivedWeight>,
  reshape: DerivedWeight['derive'] = (w) => w,
  from = `${name}/depthwise_kernel`,
): tfjs.SymbolicTensor {
  const dilated = o.dilation[0] !== 1 || o.dilation[1] !== 1;
  const kernelSize: [number, number] = dilated ? [(o.kernel[0] - 1) * o.dilation[0] + 1, (o.kernel[1] - 1) * o.dilation[1] + 1] : o.kernel;
  if (dilated || from !== `${name}/depthwise_kernel`) {
    derived.set(`${name}/depthwise_kernel`, { from, derive: (w) => (dilated ? spreadKernel(reshape(w), o.dilation) : reshape(w)) });
  }
  return tf.layers.depthwiseConv2d({
    kernelSize, strides: o.stride, padding: o.padding, depthMultiplier: o.depthMultiplier, useBias: o.useBias, name,
  }).apply(x) as tfjs.SymbolicTensor;
}
