import { Refusal } from '../onnx/context';
import { asHelper, helperOut, kerasAxis, type LayerHandler } from './layerContext';
import { concatHelpers } from './poolHelpers';

export const concatenate: LayerHandler = ({ config: c, x, from, design, name, node }) => {
  const axis = kerasAxis(c.axis ?? -1, x.shape);
  const joined = concatHelpers(from.map(asHelper), axis);
  if (joined) return helperOut(joined);
  if (axis !== x.shape.length) throw new Refusal(`axis ${String(c.axis)}; only channels maps`);
  return node(design.uniqueId(name), 'Concat', {}, from);
};

export const add: LayerHandler = ({ from, design, name, node }) => node(design.uniqueId(name), 'Add', {}, from);

/** x times the HardSigmoid of x is our export's Hardswish; any other pair of inputs is a Multiply. */
export const multiply: LayerHandler = ({ from, design, name, node, plain }) => {
  if (from.length !== 2) throw new Refusal(`${from.length} inputs; Multiply maps with two`);
  const [a, b] = from.map(plain);
  const gate = design.nodes.find((n) => n.id === b.id);
  if (gate?.kind === 'HardSigmoid' && gate.inputs[0] === a.id) return node(design.uniqueId(name), 'Hardswish', {}, [a]);
  return node(design.uniqueId(name), 'Multiply', {}, [a, b]);
};
