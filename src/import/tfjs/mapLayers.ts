import type { ParamValue } from '../../graph/types';
import { DesignBuilder, ShapeError } from '../design';
import { ImportError, UnsupportedOperatorsError } from '../errors';
import { Refusal } from '../onnx/context';
import { foldedAvgPool } from './foldPool';
import { TFJS_LAYERS } from './layerHandlers';
import { spatial, type LayerContext, type Out } from './layerContext';
import { helperMisuse, type Window } from './poolHelpers';
import { channelSliceStep, shuffleStep } from './reorderLayers';
import type { KerasLayer, LayersModelFile } from './readLayersModel';

/** The softmax our TF.js export appends to a design that ends in logits (`probabilities`, `_` added on a clash). */
const APPENDED_SOFTMAX = /^probabilities_*$/;

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
  const plain = (out: Out): Out => {
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
  };
  const node = (id: string, kind: string, params: Record<string, ParamValue>, from: Out[]): Out => {
    const inputs = from.map(plain);
    const hwcFlat = inputs.find((f) => f.hwcFlat)?.hwcFlat;
    if (from.some((f) => f.hardSigmoidScaled)) throw new Refusal('its input is a Rescaling by 1/6 with offset 1/2, which maps only into a ReLU with max_value 1 (a hard sigmoid)');
    if (hwcFlat && !['ReLU', 'ReLU6', 'Sigmoid', 'SiLU', 'HardSigmoid', 'Hardswish', 'GELU', 'Dropout'].includes(kind)) throw new Refusal(`takes features in Keras's H·W·C flatten order, which maps only into a Dense, BatchNormalization, an element-wise activation or Dropout`);
    return { id, shape: design.add(id, kind, params, inputs.map((f) => f.id)), ...(hwcFlat ? { hwcFlat } : {}) };
  };
  const mapLayer = (layer: KerasLayer, name: string, from: Out[]): Out => {
    const c = layer.config;
    if (c.data_format && c.data_format !== 'channels_last') throw new Refusal(`data_format ${String(c.data_format)}`);
    if (layer.class_name !== 'Flatten' && from.some((f) => f.chw)) throw new Refusal('follows a channels-first Permute, which maps only before a Flatten');
    const ctx: LayerContext = { layer, name, config: c, from, x: from[0], design, node, plain, weight: (attr) => weight(name, attr) };
    if (from.some((f) => f.shuffle)) return shuffleStep(ctx);
    if (from.some((f) => f.channelColumns)) return channelSliceStep(ctx);
    const handler = Object.hasOwn(TFJS_LAYERS, layer.class_name) ? TFJS_LAYERS[layer.class_name] : undefined;
    if (!handler) throw new Refusal('no mapping for this layer class');
    return handler(ctx);
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
}
