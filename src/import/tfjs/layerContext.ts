import type { ParamValue } from '../../graph/types';
import type { DesignBuilder } from '../design';
import { Refusal } from '../onnx/context';
import { helperShape, type Helper, type Plain, type Sides } from './poolHelpers';
import type { KerasLayer } from './readLayersModel';

/**
 * A layer's output during mapping: a design tensor, or (with `helper`) a tensor that our export's pool
 * helpers make, which becomes part of a node once the layers it is made for take it.
 */
export interface Out {
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

/** What a layer handler sees of its layer and of the design being built. */
export interface LayerContext {
  layer: KerasLayer;
  /** The layer's name (its node ids derive from it). */
  name: string;
  config: KerasLayer['config'];
  /** The layer's inputs in order; `x` is the first. */
  from: Out[];
  x: Out;
  design: DesignBuilder;
  /** Adds a node; features in Keras's H·W·C flatten order pass only through element-wise ReLU and Dropout. */
  node(id: string, kind: string, params: Record<string, ParamValue>, from: Out[]): Out;
  /** The design tensor behind `out`: an average pool's helpers become its AvgPool node; other helpers are refused. */
  plain(out: Out): Out;
  /** This layer's weight `attr` (`kernel`, `gamma`), marked as used. */
  weight(attr: string): { shape: number[]; data: Float32Array };
}

/** One layer class's mapping: adds nodes to the design and returns the layer's output, or throws `Refusal`. */
export type LayerHandler = (ctx: LayerContext) => Out;

export const NO_SIDES: Sides = [[0, 0], [0, 0]];

export const helperOut = (helper: Helper): Out => ({ id: '', shape: helperShape(helper), helper });

/** A helper's own description, or a design tensor as the helpers see it. */
export const asHelper = (o: Out): Plain | Helper => o.helper ?? { id: o.id, shape: o.shape };

export const pair = (v: unknown, what: string): number => {
  const list = Array.isArray(v) ? (v as number[]) : [v as number, v as number];
  if (list.length !== 2 || list[0] !== list[1]) throw new Refusal(`${what} ${JSON.stringify(v)}: only equal for H and W maps`);
  return list[0];
};

/** A convolution's 2-D argument per axis, height first. */
export const axisPair = (v: unknown, what: string): [number, number] => {
  const list = Array.isArray(v) ? (v as number[]) : [v as number, v as number];
  if (list.length !== 2) throw new Refusal(`${what} ${JSON.stringify(v)}: only 2-D maps`);
  return [list[0], list[1]];
};

/** A per-axis param as one number when both axes agree (how designs write square windows). */
export const compact = ([h, w]: [number, number]): number | [number, number] => (h === w ? h : [h, w]);

export const spatial = (x: Plain): [number, number] => {
  if (x.shape.length !== 3) throw new Refusal(`needs a C×H×W input; got ${x.shape.join('×')}`);
  return [x.shape[1], x.shape[2]];
};

/** A Keras axis (batch axis 0, channels last) as a positive index into the batched shape. */
export const kerasAxis = (axis: unknown, shape: number[]): number => (Number(axis) < 0 ? Number(axis) + shape.length + 1 : Number(axis));

/** Dense kernel rows (or per-feature values) in Keras's H·W·C flatten order, reordered for our C·H·W Flatten. */
export function hwcRowsToChw(k: { shape: number[]; data: Float32Array }, [ch, h, w]: number[]): { shape: number[]; data: Float32Array } {
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
