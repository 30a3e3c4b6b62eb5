import type { OnnxModel } from './readModel';

/** What the importer takes, said once where a model is refused as an attention model. */
const TAKES = 'The importer takes convolutional classifiers: convolutions (plain and depthwise), pooling, BatchNorm, ' +
  'element-wise activations (ReLU, ReLU6, Sigmoid, SiLU, HardSigmoid, Hardswish), squeeze-excitation gates, channel ' +
  'concatenation, residual adds and Dense heads. It does not take attention: products of two activations (MatMul, ' +
  'Einsum), softmax over tokens, token sequences, position embeddings or shifted windows.';

/**
 * When the model computes attention (ViT, Swin, MaxViT): a sentence that says so and what the importer takes,
 * to head the list of refused nodes; '' otherwise. Signs: a MatMul or Einsum of two computed tensors, or a
 * Softmax that is not the model's output. A MatMul by a weight, transposed or not, is a Linear layer: not a sign.
 */
export function attentionPreface(model: OnnxModel): string {
  const constants = new Set((model.graph.initializer ?? []).map((t) => t.name ?? ''));
  // Computed from constants alone (a Constant, an Identity or Transpose of a weight): a constant, not an activation.
  for (const n of model.nodes) {
    const inputs = (n.input ?? []).filter(Boolean);
    if (n.opType === 'Constant' || (inputs.length > 0 && inputs.every((x) => constants.has(x)))) (n.output ?? []).forEach((o) => constants.add(o));
  }
  const outputs = new Set((model.graph.output ?? []).map((o) => o.name ?? ''));
  let products = 0;
  let softmaxes = 0;
  for (const n of model.nodes) {
    const computed = (n.input ?? []).filter((x) => x && !constants.has(x)).length;
    if ((n.opType === 'MatMul' || n.opType === 'Einsum') && computed >= 2) products++;
    if (n.opType === 'Softmax' && !(n.output ?? []).some((o) => outputs.has(o))) softmaxes++;
  }
  if (products === 0 && softmaxes === 0) return '';
  return `this is an attention model (a vision transformer such as ViT, Swin or MaxViT: ${products} product(s) of two activations, ` +
    `${softmaxes} softmax(es) inside the network). ${TAKES} In detail, `;
}
