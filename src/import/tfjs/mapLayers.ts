import { DesignBuilder, ShapeError } from '../design';
import { ImportError, UnsupportedOperatorsError } from '../errors';
import { Refusal } from '../onnx/context';
import type { KerasLayer, LayersModelFile } from './readLayersModel';

/** A layer's output during mapping; `pad` is a ZeroPadding2D waiting for the Conv2D it belongs to. */
interface Out { id: string; shape: number[]; pad?: number; hwcFlat?: number[]; chw?: boolean }

const pair = (v: unknown, what: string): number => {
  const list = Array.isArray(v) ? (v as number[]) : [v as number, v as number];
  if (list.length !== 2 || list[0] !== list[1]) throw new Refusal(`${what} ${JSON.stringify(v)}: only equal for H and W maps`);
  return list[0];
};

/** Maps a TF.js layers model onto a design; every layer that does not map is listed. */
export function mapLayers(model: LayersModelFile): { design: DesignBuilder } {
  const design = new DesignBuilder();
  const outs = new Map<string, Out>();
  const refusals: { op: string; node: string; reason: string }[] = [];
  const usedWeights = new Set<string>();

  const weight = (layer: string, attr: string): { shape: number[]; data: Float32Array } => {
    const name = [...model.weights.keys()].find((n) => n === `${layer}/${attr}` || n.endsWith(`/${layer}/${attr}`));
    if (!name) throw new Refusal(`no weight ${layer}/${attr} in the weights manifest`);
    usedWeights.add(name);
    return model.weights.get(name)!;
  };

  for (const layer of model.layers) {
    const name = String(layer.config.name ?? layer.name);
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
  const out = outs.get(model.outputName);
  if (!out || out.pad !== undefined || out.shape.length !== 1) throw new ImportError(`the model's output ${model.outputName} is not flat class scores`);
  design.prune(out.id);
  return { design };

  function node(id: string, kind: string, params: Record<string, number | boolean | string>, from: Out[]): Out {
    for (const f of from) if (f.pad !== undefined) throw new Refusal('follows a ZeroPadding2D that only a Conv2D can take');
    return { id, shape: design.add(id, kind, params, from.map((f) => f.id)) };
  }

  function activation(out: Out, act: unknown, base: string): Out {
    if (act === undefined || act === null || act === 'linear') return out;
    if (act === 'relu') return node(design.uniqueId(`${base}_relu`), 'ReLU', {}, [out]);
    if (act === 'softmax') return node(design.uniqueId(`${base}_softmax`), 'Output', {}, [out]);
    throw new Refusal(`activation ${String(act)} has no node kind`);
  }

  function mapLayer(layer: KerasLayer, name: string, from: Out[]): Out {
    const c = layer.config;
    if (c.data_format && c.data_format !== 'channels_last') throw new Refusal(`data_format ${String(c.data_format)}`);
    switch (layer.class_name) {
      case 'InputLayer': {
        const shape = (c.batch_input_shape ?? c.batchInputShape) as (number | null)[];
        if (!Array.isArray(shape) || shape.length !== 4 || shape.slice(1).some((d) => !d)) throw new Refusal(`input shape ${JSON.stringify(shape)}; expected [null, H, W, C]`);
        const id = design.uniqueId(name);
        return { id, shape: design.add(id, 'Input', { height: shape[1]!, width: shape[2]!, channels: shape[3]! }, []) };
      }
      case 'ZeroPadding2D': {
        const p = c.padding as number[][];
        const flat = Array.isArray(p) ? p.flat() : [p, p, p, p];
        if (flat.some((v) => v !== flat[0])) throw new Refusal(`padding ${JSON.stringify(p)} is asymmetric`);
        return { ...from[0], pad: flat[0] as number };
      }
      case 'Conv2D': {
        if (Number(c.groups ?? 1) !== 1) throw new Refusal(`groups ${String(c.groups)} has no node kind yet`);
        const kernel = pair(c.kernel_size, 'kernel_size');
        const stride = pair(c.strides, 'strides');
        const dilation = pair(c.dilation_rate ?? 1, 'dilation_rate');
        let padding = from[0].pad ?? 0;
        if (c.padding === 'same') {
          const total = dilation * (kernel - 1);
          if (stride !== 1 || total % 2 || padding) throw new Refusal(`'same' padding with kernel ${kernel}, stride ${stride} pads unevenly`);
          padding = total / 2;
        }
        const id = design.uniqueId(name);
        const k = weight(name, 'kernel');
        const filters = Number(c.filters);
        const out = { id, shape: design.add(id, 'Conv2D', { filters, kernel, stride, padding, dilation, bias: Boolean(c.use_bias) }, [from[0].id]) };
        design.weights.set(`${id}/kernel`, k);
        if (c.use_bias) design.weights.set(`${id}/bias`, weight(name, 'bias'));
        return activation(out, c.activation, id);
      }
      case 'BatchNormalization': {
        if (![-1, 3, [-1], [3]].some((a) => JSON.stringify(a) === JSON.stringify(c.axis))) throw new Refusal(`axis ${JSON.stringify(c.axis)}; only channels maps`);
        if (c.center === false || c.scale === false) throw new Refusal('center or scale off has no node kind');
        const id = design.uniqueId(name);
        const out = node(id, 'BatchNorm', { eps: Number(c.epsilon ?? 1e-3), momentum: Math.round((1 - Number(c.momentum ?? 0.99)) * 1e6) / 1e6 }, from);
        for (const w of ['gamma', 'beta', 'moving_mean', 'moving_variance']) design.weights.set(`${id}/${w}`, weight(name, w));
        return out;
      }
      case 'MaxPooling2D':
      case 'AveragePooling2D': {
        const kernel = pair(c.pool_size, 'pool_size');
        const stride = pair(c.strides ?? c.pool_size, 'strides');
        let padding = 0;
        if (c.padding === 'same' && !(stride === 1 && kernel % 2 === 1)) throw new Refusal(`'same' pooling with kernel ${kernel}, stride ${stride} pads unevenly (our exports add Cropping2D/ZeroPadding2D helpers, not recognised yet)`);
        if (c.padding === 'same') padding = (kernel - 1) / 2;
        const max = layer.class_name === 'MaxPooling2D';
        return node(design.uniqueId(name), max ? 'MaxPool' : 'AvgPool', max ? { kernel, stride, padding, ceilMode: false } : { kernel, stride, padding, ceilMode: false, countIncludePad: false }, from);
      }
      case 'TorchPool2D': {
        // Our exact PyTorch pooling (a run's model/ folder); model.json stores its config in snake_case.
        const max = c.mode === 'max';
        const params = { kernel: Number(c.kernel), stride: Number(c.stride), padding: Number(c.padding), ceilMode: Boolean(c.ceil_mode ?? c.ceilMode) };
        return node(design.uniqueId(name), max ? 'MaxPool' : 'AvgPool', max ? params : { ...params, countIncludePad: Boolean(c.count_include_pad ?? c.countIncludePad) }, from);
      }
      case 'GlobalAveragePooling2D':
        return node(design.uniqueId(name), 'GlobalAvgPool', {}, from);
      case 'Permute': {
        if (JSON.stringify(c.dims) !== '[3,1,2]') throw new Refusal(`dims ${JSON.stringify(c.dims)}; only the channels-first permute before a Flatten maps`);
        return { ...from[0], chw: true };
      }
      case 'Flatten': {
        if (from[0].shape.length === 1) return from[0];
        const flat = node(design.uniqueId(name), 'Flatten', {}, [{ id: from[0].id, shape: from[0].shape }]);
        return from[0].chw ? flat : { ...flat, hwcFlat: from[0].shape };
      }
      case 'Dense': {
        if (from[0].shape.length !== 1) throw new Refusal('Dense on a spatial tensor');
        const id = design.uniqueId(name);
        const k = weight(name, 'kernel');
        const out = node(id, 'Dense', { units: Number(c.units), bias: Boolean(c.use_bias) }, [{ id: from[0].id, shape: from[0].shape }]);
        design.weights.set(`${id}/kernel`, from[0].hwcFlat ? hwcRowsToChw(k, from[0].hwcFlat) : k);
        if (c.use_bias) design.weights.set(`${id}/bias`, weight(name, 'bias'));
        return activation(out, c.activation, id);
      }
      case 'Dropout':
        return from[0];
      case 'Activation':
        return activation(from[0], c.activation, name);
      case 'ReLU':
        if (c.max_value !== null && c.max_value !== undefined) throw new Refusal(`max_value ${String(c.max_value)} (ReLU6) has no node kind yet`);
        return node(design.uniqueId(name), 'ReLU', {}, from);
      case 'Softmax':
        return node(design.uniqueId(name), 'Output', {}, from);
      case 'Concatenate':
        if (c.axis !== -1 && c.axis !== 3) throw new Refusal(`axis ${String(c.axis)}; only channels maps`);
        return node(design.uniqueId(name), 'Concat', {}, from);
      case 'Add':
        return node(design.uniqueId(name), 'Add', {}, from);
      case 'DepthwiseConv2D':
        throw new Refusal('depthwise convolution has no node kind yet');
      default:
        throw new Refusal('no mapping for this layer class');
    }
  }
}

/** Dense kernel rows in Keras's H·W·C flatten order, reordered for our C·H·W Flatten. */
function hwcRowsToChw(k: { shape: number[]; data: Float32Array }, [ch, h, w]: number[]): { shape: number[]; data: Float32Array } {
  const units = k.shape[1];
  const out = new Float32Array(k.data.length);
  for (let c = 0; c < ch; c++)
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) {
        const from = ((y * w + x) * ch + c) * units;
        out.set(k.data.subarray(from, from + units), ((c * h + y) * w + x) * units);
      }
  return { shape: k.shape, data: out };
}
