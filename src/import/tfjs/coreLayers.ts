import { Refusal } from '../onnx/context';
import { fusedActivation } from './activationLayers';
import { asHelper, helperOut, hwcRowsToChw, spatial, type LayerHandler } from './layerContext';
import { cropHelper, rescaleHelper, sidesOf } from './poolHelpers';

/** Our stock export's HardSigmoid, relu6(x + 3) / 6: Rescaling(scale 1/6, offset 1/2), then ReLU(max_value 1). */
const isHardSigmoidScale = (scale: unknown, offset: unknown): boolean =>
  typeof scale === 'number' && Math.abs(scale - 1 / 6) < 1e-7 && offset === 0.5;

export const inputLayer: LayerHandler = ({ config: c, design, name }) => {
  const shape = (c.batch_input_shape ?? c.batchInputShape) as (number | null)[];
  if (!Array.isArray(shape) || shape.length !== 4 || shape.slice(1).some((d) => !d)) throw new Refusal(`input shape ${JSON.stringify(shape)}; expected [null, H, W, C]`);
  const id = design.uniqueId(name);
  return { id, shape: design.add(id, 'Input', { height: shape[1]!, width: shape[2]!, channels: shape[3]! }, []) };
};

export const zeroPadding2d: LayerHandler = ({ config: c, x, plain }) => {
  const base = plain(x);
  spatial(base);
  return helperOut({ kind: 'zeroPad', base: { id: base.id, shape: base.shape }, sides: sidesOf(c.padding, 'padding') });
};

export const cropping2d: LayerHandler = ({ config: c, x }) => {
  const [, h, w] = x.shape;
  if (x.shape.length !== 3) throw new Refusal('needs a C×H×W input');
  return helperOut(cropHelper(asHelper(x), [h, w], sidesOf(c.cropping, 'cropping')));
};

export const rescaling: LayerHandler = ({ config: c, x }) => {
  if (!x.helper && isHardSigmoidScale(c.scale, c.offset)) return { ...x, hardSigmoidScaled: true };
  return helperOut(rescaleHelper(asHelper(x), c.scale, c.offset));
};

export const flatten: LayerHandler = ({ x, design, name, node, plain }) => {
  const input = plain(x);
  if (input.shape.length === 1) return input;
  const flat = node(design.uniqueId(name), 'Flatten', {}, [{ id: input.id, shape: input.shape }]);
  return input.chw ? flat : { ...flat, hwcFlat: input.shape };
};

export const dense: LayerHandler = (ctx) => {
  const { config: c, design, name } = ctx;
  const input = ctx.plain(ctx.x);
  if (input.shape.length !== 1) throw new Refusal('Dense on a spatial tensor');
  const id = design.uniqueId(name);
  const k = ctx.weight('kernel');
  const out = ctx.node(id, 'Dense', { units: Number(c.units), bias: Boolean(c.use_bias) }, [{ id: input.id, shape: input.shape }]);
  design.weights.set(`${id}/kernel`, input.hwcFlat ? hwcRowsToChw(k, input.hwcFlat) : k);
  if (c.use_bias) design.weights.set(`${id}/bias`, ctx.weight('bias'));
  return fusedActivation(ctx, out, c.activation, id);
};

export const dropout: LayerHandler = ({ config: c, from, design, name, node }) => {
  const rate = Number(c.rate ?? 0);
  if (!(rate >= 0 && rate <= 0.99)) throw new Refusal(`rate ${String(c.rate)}; 0 to 0.99 maps`);
  return node(design.uniqueId(name), 'Dropout', { rate }, from);
};
