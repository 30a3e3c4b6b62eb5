import type { ParamValue } from '../../graph/types';
import { DesignBuilder, ShapeError } from '../design';
import { ImportError, UnsupportedOperatorsError } from '../errors';
import { Refusal } from '../onnx/context';
import { canonicalPool, edgeCopiedMaxPool, foldedAvgPool, samePool, validPool } from './foldPool';
import { concatHelpers, cropHelper, helperMisuse, helperShape, rescaleHelper, sidesOf, type Helper, type Plain, type Sides, type Window } from './poolHelpers';
import type { KerasLayer, LayersModelFile } from './readLayersModel';

/**
 * A layer's output during mapping: a design tensor, or (with `helper`) a tensor that our export's pool
 * helpers make, which becomes part of a node once the layers it is made for take it.
 */
interface Out {
  id: string;
  shape: number[];
  helper?: Helper;
  hwcFlat?: number[];
  chw?: boolean;
  /** x/6 + 1/2 of this design tensor (a Rescaling): the first half of our export's HardSigmoid, waiting for its ReLU(max 1). */
  hardSigmoidScaled?: boolean;
  /** Part of our export's ChannelShuffle: viewed as H×W×groups×(C/groups) (`swapped` once its Permute came). */
  shuffle?: { groups: number; swapped: boolean };
  /** Part of our export's ChannelSlice: channels moved to the width axis (Permute [1, 3, 2]), then `cut` by a Cropping2D. */
  channelColumns?: { cut?: { start: number; channels: number } };
}

/** Our stock export's HardSigmoid, relu6(x + 3) / 6: Rescaling(scale 1/6, offset 1/2), then ReLU(max_value 1). */
const isHardSigmoidScale = (scale: unknown, offset: unknown): boolean =>
  typeof scale === 'number' && Math.abs(scale - 1 / 6) < 1e-7 && offset === 0.5;

/** The softmax our TF.js export appends to a design that ends in logits (`probabilities`, `_` added on a clash). */
const APPENDED_SOFTMAX = /^probabilities_*$/;
const NO_SIDES: Sides = [[0, 0], [0, 0]];

const pair = (v: unknown, what: string): number => {
  const list = Array.isArray(v) ? (v as number[]) : [v as number, v as number];
  if (list.length !== 2 || list[0] !== list[1]) throw new Refusal(`${what} ${JSON.stringify(v)}: only equal for H and W maps`);
  return list[0];
};

/** A convolution's 2-D argument per axis, height first. */
const axisPair = (v: unknown, what: string): [number, number] => {
  const list = Array.isArray(v) ? (v as number[]) : [v as number, v as number];
  if (list.length !== 2) throw new Refusal(`${what} ${JSON.stringify(v)}: only 2-D maps`);
  return [list[0], list[1]];
};

/** A per-axis param as one number when both axes agree (how designs write square windows). */
const compact = ([h, w]: [number, number]): number | [number, number] => (h === w ? h : [h, w]);

const spatial = (x: Plain): [number, number] => {
  if (x.shape.length !== 3) throw new Refusal(`needs a C×H×W input; got ${x.shape.join('×')}`);
  return [x.shape[1], x.shape[2]];
};

/** A Keras axis (batch axis 0, channels last) as a positive index into the batched shape. */
const kerasAxis = (axis: unknown, shape: number[]): number => (Number(axis) < 0 ? Number(axis) + shape.length + 1 : Number(axis));

/**
 * Maps a TF.js layers model onto a design; every layer that does not map is listed. Our own stock export
 * comes back as its design: each pool's helper layers fold into one MaxPool/AvgPool node, and the softmax
 * appended to a design ending in logits is left out.
 */
export function mapLayers(model: LayersModelFile): { design: DesignBuilder; notes: string[] } {
  const design = new DesignBuilder();
  const outs = new Map<string, Out>();
  const refusals: { op: string; node: string; reason: string }[] = [];
  const usedWeights = new Set<string>();
  const folded = new Map<Window, Out>();
  const notes: string[] = [];

  let outputName = model.outputName;
  const last = model.layers.find((l) => String(l.config.name ?? l.name) === outputName);
  const lastInputs = model.inputsOf.get(outputName) ?? [];
  if (last?.class_name === 'Softmax' && APPENDED_SOFTMAX.test(outputName) && lastInputs.length === 1) {
    notes.push(`the final softmax "${outputName}" (the one our TF.js export appends) is left out: the design ends in class scores, and predictions apply the softmax`);
    outputName = lastInputs[0];
  }

  const weight = (layer: string, attr: string): { shape: number[]; data: Float32Array } => {
    const name = [...model.weights.keys()].find((n) => n === `${layer}/${attr}` || n.endsWith(`/${layer}/${attr}`));
    if (!name) throw new Refusal(`no weight ${layer}/${attr} in the weights manifest`);
    usedWeights.add(name);
    return model.weights.get(name)!;
  };

  for (const layer of model.layers) {
    const name = String(layer.config.name ?? layer.name);
    if (name === model.outputName && outputName !== name) continue;
    const inputs = model.inputsOf.get(name) ?? [];
    if (inputs.some((i) => !outs.has(i)) && layer.class_name !== 'InputLayer') {
      continue; // fed by a refused layer, already listed
    }
    try {
      outs.set(name, mapLayer(layer, name, inputs.map((i) => outs.get(i)!)));
    } catch (error) {
      if (!(error instanceof Refusal || error instanceof ShapeError)) throw error;
      refusals.push({ op: layer.class_name, node: name, reason: error.message });
    }
  }
  if (refusals.length) throw new UnsupportedOperatorsError(refusals);
  const unused = [...model.weights.keys()].filter((n) => !usedWeights.has(n));
  if (unused.length) throw new ImportError(`the weights ${unused.slice(0, 5).join(', ')} belong to no mapped layer`);
  const out = outs.get(outputName);
  if (!out || out.helper || out.shape.length !== 1) throw new ImportError(`the model's output ${outputName} is not flat class scores`);
  design.prune(out.id);
  return { design, notes };

  /** The design tensor behind `out`: an average pool's helpers become its AvgPool node; other helpers here are refused. */
  function plain(out: Out): Out {
    const helper = out.helper;
    if (!helper) return out;
    if (helper.kind !== 'window') throw new Refusal(helperMisuse(helper));
    let made = folded.get(helper);
    if (!made) {
      const params = foldedAvgPool(spatial(helper.base), helper);
      const id = design.uniqueId(helper.name.replace(/_window$/, ''));
      made = { id, shape: design.add(id, 'AvgPool', { ...params }, [helper.base.id]) };
      folded.set(helper, made);
    }
    return made;
  }

  /** Adds a node; features in Keras's H·W·C flatten order pass only through element-wise ReLU and Dropout. */
  function node(id: string, kind: string, params: Record<string, ParamValue>, from: Out[]): Out {
    const inputs = from.map(plain);
    const hwcFlat = inputs.find((f) => f.hwcFlat)?.hwcFlat;
    if (from.some((f) => f.hardSigmoidScaled)) throw new Refusal('its input is a Rescaling by 1/6 with offset 1/2, which maps only into a ReLU with max_value 1 (a hard sigmoid)');
    if (hwcFlat && !['ReLU', 'ReLU6', 'Sigmoid', 'SiLU', 'HardSigmoid', 'Hardswish', 'GELU', 'Dropout'].includes(kind)) throw new Refusal(`takes features in Keras's H·W·C flatten order, which maps only into a Dense, BatchNormalization, an element-wise activation or Dropout`);
    return { id, shape: design.add(id, kind, params, inputs.map((f) => f.id)), ...(hwcFlat ? { hwcFlat } : {}) };
  }

  function helperOut(helper: Helper): Out {
    return { id: '', shape: helperShape(helper), helper };
  }

  /** A fused activation: a node after `out` named `<base>_<activation>`. */
  function activation(out: Out, act: unknown, base: string): Out {
    if (act === undefined || act === null || act === 'linear') return out;
    const elementwise = ELEMENTWISE_ACTIVATIONS[String(act)];
    if (elementwise) return node(design.uniqueId(`${base}_${String(act)}`), elementwise.kind, elementwise.params, [out]);
    if (act === 'softmax') return node(design.uniqueId(`${base}_softmax`), 'Output', {}, [out]);
    throw new Refusal(refusedActivation(act));
  }

  /** The input and padding of a PyTorch-style convolution (per axis): a ZeroPadding2D before it, or 'same'. */
  function convPadding(c: KerasLayer['config'], from: Out, kernel: [number, number], stride: [number, number], dilation: [number, number]): { input: Out; padding: ParamValue } {
    const zero = from.helper?.kind === 'zeroPad' ? from.helper : null;
    if (c.padding === 'same') {
      if (stride.some((s) => s !== 1)) throw new Refusal(`'same' padding with stride ${stride.join('×')} pads by the input size; only stride 1 maps`);
      const totals = [0, 1].map((i) => dilation[i] * (kernel[i] - 1));
      return { input: plain(from), padding: totals.some((t) => t % 2) ? 'same' : compact([totals[0] / 2, totals[1] / 2]) };
    }
    if (c.padding !== 'valid') throw new Refusal(`padding ${JSON.stringify(c.padding)}`);
    if (!zero) return { input: plain(from), padding: 0 };
    const [[top, bottom], [left, right]] = zero.sides;
    if (top !== bottom || left !== right) throw new Refusal(`its ZeroPadding2D pads ${JSON.stringify(zero.sides)}; a convolution maps only with equal padding on both sides of an axis`);
    return { input: zero.base, padding: compact([top, left]) };
  }

  function depthwise(c: KerasLayer['config'], id: string, from: Out, bias: boolean): Out {
    const kernel = axisPair(c.kernel_size, 'kernel_size');
    const stride = axisPair(c.strides, 'strides');
    if (pair(c.dilation_rate ?? 1, 'dilation_rate') !== 1) throw new Refusal('dilation: stock TF.js depthwise convolutions ignore it');
    const { input, padding } = convPadding(c, from, kernel, stride, [1, 1]);
    return node(id, 'DepthwiseConv2D', { kernel: compact(kernel), stride: compact(stride), padding, depthMultiplier: Number(c.depth_multiplier ?? 1), bias }, [input]);
  }

  function pooling(c: KerasLayer['config'], name: string, max: boolean, x: Out): Out {
    const kernel = pair(c.pool_size, 'pool_size');
    const stride = pair(c.strides ?? c.pool_size, 'strides');
    if (c.padding === 'same') {
      const input = plain(x);
      const size = spatial(input);
      const g = samePool(size, kernel, stride);
      return max ? node(design.uniqueId(name), 'MaxPool', { ...g }, [input]) : node(design.uniqueId(name), 'AvgPool', canonicalPool({ ...g, countIncludePad: false }, size), [input]);
    }
    if (c.padding !== 'valid') throw new Refusal(`padding ${JSON.stringify(c.padding)}`);
    if (max && x.helper?.kind === 'edges') {
      const { base, copies } = x.helper;
      return node(design.uniqueId(name), 'MaxPool', { ...edgeCopiedMaxPool(spatial(base), kernel, stride, copies) }, [base]);
    }
    if (max) {
      const input = plain(x);
      return node(design.uniqueId(name), 'MaxPool', { ...validPool(spatial(input), kernel, stride) }, [input]);
    }
    // An average waits for the Rescaling bands that may follow (our export's divisors) before it becomes a node.
    const zero = x.helper?.kind === 'zeroPad' ? x.helper : null;
    const base = zero ? zero.base : plain(x);
    const sides = zero ? zero.sides : NO_SIDES;
    const counts = spatial(base).map((n, axis) => Math.floor((n + sides[axis][0] + sides[axis][1] - kernel) / stride) + 1);
    if (counts.some((n) => n < 1)) throw new Refusal(`pool ${kernel}×${kernel} is larger than its input`);
    return helperOut({ kind: 'window', name, base: { id: base.id, shape: base.shape }, sides, kernel, stride, scale: 1, factors: [Array<number>(counts[0]).fill(1), Array<number>(counts[1]).fill(1)] });
  }

  /** x times the HardSigmoid of x is our export's Hardswish; any other pair of inputs is a Multiply. */
  function multiply(name: string, from: Out[]): Out {
    if (from.length !== 2) throw new Refusal(`${from.length} inputs; Multiply maps with two`);
    const [a, b] = from.map(plain);
    const gate = design.nodes.find((n) => n.id === b.id);
    if (gate?.kind === 'HardSigmoid' && gate.inputs[0] === a.id) return node(design.uniqueId(name), 'Hardswish', {}, [a]);
    return node(design.uniqueId(name), 'Multiply', {}, [a, b]);
  }

  /** A Reshape to [1, 1, C] right after a GlobalAveragePooling2D: our GlobalAvgPool that keeps its dimensions. */
  function keptDims(target: unknown, x: Out): Out {
    const pooled = design.nodes.find((n) => n.id === x.id);
    const c = x.shape[0];
    if (pooled?.kind !== 'GlobalAvgPool' || pooled.params.keepDims || JSON.stringify(target) !== JSON.stringify([1, 1, c])) {
      throw new Refusal(`target_shape ${JSON.stringify(target)}; only [1, 1, C] right after a GlobalAveragePooling2D maps`);
    }
    return { id: x.id, shape: design.update(x.id, { keepDims: true }) };
  }

  /** A Reshape of a C×H×W map to [H, W, groups, C/groups]: the start of our export's ChannelShuffle. */
  function shuffleStart(target: unknown, x: Out): Out | null {
    if (x.helper || x.shape.length !== 3 || !Array.isArray(target) || target.length !== 4) return null;
    const [c, h, w] = x.shape;
    const [th, tw, groups, size] = target as number[];
    if (th !== h || tw !== w || groups * size !== c) return null;
    return { id: x.id, shape: x.shape, shuffle: { groups, swapped: false } };
  }

  /** The Permute [1, 2, 4, 3] and the Reshape back to [H, W, C] that finish a ChannelShuffle; anything else refuses. */
  function shuffleStep(layer: KerasLayer, name: string, from: Out[]): Out {
    const x = from[0];
    if (from.length !== 1 || !x.shuffle) throw new Refusal('takes a tensor that is half of a ChannelShuffle (a Reshape to H×W×groups×C/groups); only the shuffle\'s Permute and Reshape map there');
    const { groups, swapped } = x.shuffle;
    const [c, h, w] = x.shape;
    const c2 = layer.config;
    if (!swapped && layer.class_name === 'Permute' && JSON.stringify(c2.dims) === '[1,2,4,3]') return { ...x, shuffle: { groups, swapped: true } };
    if (swapped && layer.class_name === 'Reshape' && JSON.stringify(c2.target_shape) === JSON.stringify([h, w, c])) {
      return node(design.uniqueId(name), 'ChannelShuffle', { groups }, [{ id: x.id, shape: x.shape }]);
    }
    const expected = swapped ? `a Reshape to [${h}, ${w}, ${c}]` : 'a Permute with dims [1, 2, 4, 3]';
    throw new Refusal(`follows a Reshape to [${h}, ${w}, ${groups}, ${c / groups}]; expected ${expected} (a ChannelShuffle)`);
  }

  /** The Cropping2D of the width axis only and the Permute [1, 3, 2] back that finish our export's ChannelSlice. */
  function channelSliceStep(layer: KerasLayer, name: string, from: Out[]): Out {
    const x = from[0];
    if (from.length !== 1 || !x.channelColumns) throw new Refusal('takes channels moved to the width axis (a Permute [1, 3, 2]); only a ChannelSlice\'s Cropping2D and Permute back map there');
    const { cut } = x.channelColumns;
    const cfg = layer.config;
    const c = x.shape[0];
    if (!cut && layer.class_name === 'Cropping2D') {
      const [[top, bottom], [left, right]] = sidesOf(cfg.cropping, 'cropping');
      if (top === 0 && bottom === 0 && left + right < c) return { ...x, channelColumns: { cut: { start: left, channels: c - left - right } } };
    }
    if (cut && layer.class_name === 'Permute' && JSON.stringify(cfg.dims) === '[1,3,2]') return node(design.uniqueId(name), 'ChannelSlice', { ...cut }, [{ id: x.id, shape: x.shape }]);
    throw new Refusal(`follows channels moved to the width axis; expected ${cut ? 'the Permute [1, 3, 2] back' : 'a Cropping2D of the width axis only'} (a ChannelSlice)`);
  }

  function mapLayer(layer: KerasLayer, name: string, from: Out[]): Out {
    const c = layer.config;
    if (c.data_format && c.data_format !== 'channels_last') throw new Refusal(`data_format ${String(c.data_format)}`);
    if (layer.class_name !== 'Flatten' && from.some((f) => f.chw)) throw new Refusal('follows a channels-first Permute, which maps only before a Flatten');
    if (from.some((f) => f.shuffle)) return shuffleStep(layer, name, from);
    if (from.some((f) => f.channelColumns)) return channelSliceStep(layer, name, from);
    if (layer.class_name === 'Permute' && JSON.stringify(c.dims) === '[1,3,2]' && !from[0].helper && from[0].shape.length === 3) return { id: from[0].id, shape: from[0].shape, channelColumns: {} };
    const x = from[0];
    const asHelper = (o: Out): Plain | Helper => o.helper ?? { id: o.id, shape: o.shape };
    switch (layer.class_name) {
      case 'InputLayer': {
        const shape = (c.batch_input_shape ?? c.batchInputShape) as (number | null)[];
        if (!Array.isArray(shape) || shape.length !== 4 || shape.slice(1).some((d) => !d)) throw new Refusal(`input shape ${JSON.stringify(shape)}; expected [null, H, W, C]`);
        const id = design.uniqueId(name);
        return { id, shape: design.add(id, 'Input', { height: shape[1]!, width: shape[2]!, channels: shape[3]! }, []) };
      }
      case 'ZeroPadding2D': {
        const base = plain(x);
        spatial(base);
        return helperOut({ kind: 'zeroPad', base: { id: base.id, shape: base.shape }, sides: sidesOf(c.padding, 'padding') });
      }
      case 'Cropping2D': {
        const [, h, w] = x.shape;
        if (x.shape.length !== 3) throw new Refusal('needs a C×H×W input');
        return helperOut(cropHelper(asHelper(x), [h, w], sidesOf(c.cropping, 'cropping')));
      }
      case 'Rescaling':
        if (!x.helper && isHardSigmoidScale(c.scale, c.offset)) return { ...x, hardSigmoidScaled: true };
        return helperOut(rescaleHelper(asHelper(x), c.scale, c.offset));
      case 'Conv2D': {
        if (Number(c.groups ?? 1) !== 1) throw new Refusal(`groups ${String(c.groups)} has no node kind yet`);
        const kernel = axisPair(c.kernel_size, 'kernel_size');
        const stride = axisPair(c.strides, 'strides');
        const dilation = axisPair(c.dilation_rate ?? 1, 'dilation_rate');
        const { input, padding } = convPadding(c, x, kernel, stride, dilation);
        const id = design.uniqueId(name);
        const window = { kernel: compact(kernel), stride: compact(stride), padding, dilation: compact(dilation) };
        const out = node(id, 'Conv2D', { filters: Number(c.filters), ...window, bias: Boolean(c.use_bias) }, [input]);
        design.weights.set(`${id}/kernel`, weight(name, 'kernel'));
        if (c.use_bias) design.weights.set(`${id}/bias`, weight(name, 'bias'));
        return activation(out, c.activation, id);
      }
      case 'DepthwiseConv2D': {
        const id = design.uniqueId(name);
        if (isLayerScale(c)) {
          const out = node(id, 'LayerScale', {}, [plain(x)]);
          design.weights.set(`${id}/depthwise_kernel`, weight(name, 'depthwise_kernel'));
          return out;
        }
        const out = depthwise(c, id, x, Boolean(c.use_bias));
        design.weights.set(`${id}/depthwise_kernel`, weight(name, 'depthwise_kernel'));
        if (c.use_bias) design.weights.set(`${id}/bias`, weight(name, 'bias'));
        return activation(out, c.activation, id);
      }
      case 'SeparableConv2D': {
        // A depthwise convolution, then a 1×1 convolution across channels (which holds the bias).
        const dw = depthwise(c, design.uniqueId(`${name}_depthwise`), x, false);
        design.weights.set(`${dw.id}/depthwise_kernel`, weight(name, 'depthwise_kernel'));
        const id = design.uniqueId(name);
        const out = node(id, 'Conv2D', { filters: Number(c.filters), kernel: 1, stride: 1, padding: 0, dilation: 1, bias: Boolean(c.use_bias) }, [dw]);
        design.weights.set(`${id}/kernel`, weight(name, 'pointwise_kernel'));
        if (c.use_bias) design.weights.set(`${id}/bias`, weight(name, 'bias'));
        return activation(out, c.activation, id);
      }
      case 'BatchNormalization': {
        const axis = Array.isArray(c.axis) && c.axis.length === 1 ? c.axis[0] : c.axis;
        if (kerasAxis(axis, x.shape) !== x.shape.length) throw new Refusal(`axis ${JSON.stringify(c.axis)}; only channels maps`);
        if (c.center === false || c.scale === false) throw new Refusal('center or scale off has no node kind');
        const id = design.uniqueId(name);
        const input = plain(x);
        const out = node(id, 'BatchNorm', { eps: Number(c.epsilon ?? 1e-3), momentum: Math.round((1 - Number(c.momentum ?? 0.99)) * 1e6) / 1e6 }, [{ id: input.id, shape: input.shape }]);
        for (const w of ['gamma', 'beta', 'moving_mean', 'moving_variance']) design.weights.set(`${id}/${w}`, input.hwcFlat ? hwcRowsToChw(weight(name, w), input.hwcFlat) : weight(name, w));
        return { ...out, hwcFlat: input.hwcFlat };
      }
      case 'LayerNormalization': {
        const axis = Array.isArray(c.axis) && c.axis.length === 1 ? c.axis[0] : c.axis;
        if (kerasAxis(axis, x.shape) !== x.shape.length) throw new Refusal(`axis ${JSON.stringify(c.axis)}; only the channels (last) axis maps`);
        if (c.center === false || c.scale === false) throw new Refusal('center or scale off has no node kind');
        const id = design.uniqueId(name);
        const out = node(id, 'LayerNorm', { eps: Number(c.epsilon ?? 1e-3) }, [plain(x)]);
        for (const w of ['gamma', 'beta']) design.weights.set(`${id}/${w}`, weight(name, w));
        return out;
      }
      case 'MaxPooling2D':
      case 'AveragePooling2D':
        return pooling(c, name, layer.class_name === 'MaxPooling2D', x);
      case 'TorchPool2D': {
        // Our exact PyTorch pooling (a run's model/ folder); model.json stores its config in snake_case.
        const max = c.mode === 'max';
        const params = { kernel: Number(c.kernel), stride: Number(c.stride), padding: Number(c.padding), ceilMode: Boolean(c.ceil_mode ?? c.ceilMode) };
        return node(design.uniqueId(name), max ? 'MaxPool' : 'AvgPool', max ? params : { ...params, countIncludePad: Boolean(c.count_include_pad ?? c.countIncludePad) }, from);
      }
      case 'GlobalAveragePooling2D':
        if (c.keepdims === true) throw new Refusal('keepdims: our GlobalAvgPool gives flat features');
        return node(design.uniqueId(name), 'GlobalAvgPool', {}, from);
      case 'Permute': {
        if (JSON.stringify(c.dims) === '[1,2,4,3]') throw new Refusal('dims [1,2,4,3] map only in a ChannelShuffle (Reshape to H×W×groups×C/groups, this Permute, Reshape back)');
        if (JSON.stringify(c.dims) !== '[3,1,2]') throw new Refusal(`dims ${JSON.stringify(c.dims)}; only the channels-first permute before a Flatten maps`);
        return { ...plain(x), chw: true };
      }
      case 'Flatten': {
        const input = plain(x);
        if (input.shape.length === 1) return input;
        const flat = node(design.uniqueId(name), 'Flatten', {}, [{ id: input.id, shape: input.shape }]);
        return input.chw ? flat : { ...flat, hwcFlat: input.shape };
      }
      case 'Dense': {
        const input = plain(x);
        if (input.shape.length !== 1) throw new Refusal('Dense on a spatial tensor');
        const id = design.uniqueId(name);
        const k = weight(name, 'kernel');
        const out = node(id, 'Dense', { units: Number(c.units), bias: Boolean(c.use_bias) }, [{ id: input.id, shape: input.shape }]);
        design.weights.set(`${id}/kernel`, input.hwcFlat ? hwcRowsToChw(k, input.hwcFlat) : k);
        if (c.use_bias) design.weights.set(`${id}/bias`, weight(name, 'bias'));
        return activation(out, c.activation, id);
      }
      case 'Dropout': {
        const rate = Number(c.rate ?? 0);
        if (!(rate >= 0 && rate <= 0.99)) throw new Refusal(`rate ${String(c.rate)}; 0 to 0.99 maps`);
        return node(design.uniqueId(name), 'Dropout', { rate }, from);
      }
      case 'Activation':
        if (c.activation === 'linear') return plain(x);
        if (ELEMENTWISE_ACTIVATIONS[String(c.activation)]) {
          const { kind, params } = ELEMENTWISE_ACTIVATIONS[String(c.activation)];
          return node(design.uniqueId(name), kind, params, from);
        }
        if (c.activation === 'softmax') return node(design.uniqueId(name), 'Output', {}, from);
        throw new Refusal(refusedActivation(c.activation));
      case 'ReLU': {
        if (Number(c.negative_slope ?? 0) !== 0 || Number(c.threshold ?? 0) !== 0) throw new Refusal('a leaky or thresholded ReLU has no node kind');
        const capped = c.max_value !== null && c.max_value !== undefined;
        if (x.hardSigmoidScaled && Number(c.max_value) === 1) return node(design.uniqueId(name), 'HardSigmoid', {}, [{ id: x.id, shape: x.shape }]);
        if (capped && Number(c.max_value) !== 6) throw new Refusal(`max_value ${String(c.max_value)}: only 6 (ReLU6) has a node kind`);
        return node(design.uniqueId(name), capped ? 'ReLU6' : 'ReLU', {}, from);
      }
      case 'Softmax':
        if (c.axis !== undefined && kerasAxis(c.axis, x.shape) !== x.shape.length) throw new Refusal(`axis ${String(c.axis)}; only the class axis maps`);
        return node(design.uniqueId(name), 'Output', {}, from);
      case 'Concatenate': {
        const axis = kerasAxis(c.axis ?? -1, x.shape);
        const joined = concatHelpers(from.map(asHelper), axis);
        if (joined) return helperOut(joined);
        if (axis !== x.shape.length) throw new Refusal(`axis ${String(c.axis)}; only channels maps`);
        return node(design.uniqueId(name), 'Concat', {}, from);
      }
      case 'Add':
        return node(design.uniqueId(name), 'Add', {}, from);
      case 'Multiply':
        return multiply(name, from);
      case 'Reshape':
        return shuffleStart(c.target_shape, x) ?? keptDims(c.target_shape, x);
      default:
        throw new Refusal('no mapping for this layer class');
    }
  }
}

/**
 * Keras activations that are one element-wise node kind each. Not `hardSigmoid` (Keras's 0.2x + 0.5, not
 * PyTorch's) nor `gelu_new` (TF.js saves it as `geluNew`, which its own loader refuses).
 */
const ELEMENTWISE_ACTIVATIONS: Record<string, { kind: string; params: Record<string, ParamValue> }> = {
  relu: { kind: 'ReLU', params: {} },
  relu6: { kind: 'ReLU6', params: {} },
  sigmoid: { kind: 'Sigmoid', params: {} },
  swish: { kind: 'SiLU', params: {} },
  gelu: { kind: 'GELU', params: { approximate: 'none' } },
};

function refusedActivation(act: unknown): string {
  return `activation ${String(act)} has no node kind`;
}

/** A 1×1 depthwise convolution without bias, multiplier 1 or stride 1: a per-channel factor, our LayerScale. */
function isLayerScale(c: KerasLayer['config']): boolean {
  const one = (v: unknown) => v === undefined || v === 1 || JSON.stringify(v) === '[1,1]';
  return one(c.kernel_size) && one(c.strides) && one(c.dilation_rate) && one(c.depth_multiplier) && c.use_bias === false &&
    (c.activation === undefined || c.activation === null || c.activation === 'linear');
}

/** Dense kernel rows (or per-feature values) in Keras's H·W·C flatten order, reordered for our C·H·W Flatten. */
function hwcRowsToChw(k: { shape: number[]; data: Float32Array }, [ch, h, w]: number[]): { shape: number[]; data: Float32Array } {
  const units = k.data.length / (ch * h * w);
  const out = new Float32Array(k.data.length);
  for (let c = 0; c < ch; c++)
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) {
        const from = ((y * w + x) * ch + c) * units;
        out.set(k.data.subarray(from, from + units), ((c * h + y) * w + x) * units);
      }
  return { shape: k.shape, data: out };
}
