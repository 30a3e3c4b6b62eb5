import { defineLayer, requireFlat } from './define';
import { bool, int, MAX_CHANNELS } from './params';
import { DENSE_KERNEL, VECTOR } from './torchSide';

export const denseLayer = defineLayer({
  kind: 'Dense',
  title: 'Dense',
  category: 'Core',
  description: 'A fully connected layer (PyTorch Linear): every output sees every input feature.',
  params: {
    units: int(10, 1, MAX_CHANNELS, 'Output features; for the last layer, the number of classes'),
    bias: bool(true, 'Learn a bias per output'),
  },
  inputs: { min: 1, max: 1 },
  summary: (p) => `${p.units}`,
  inferShape: (inputs, p) => {
    requireFlat(inputs[0]);
    return [p.units];
  },
  counts: (inputs, p) => {
    const weights = inputs[0][0] * p.units;
    return { trainable: weights + (p.bias ? p.units : 0), nonTrainable: 0, macs: weights };
  },
  build: (ctx, [x], p) =>
    ctx.tf.layers
      .dense({ units: p.units, useBias: p.bias, kernelInitializer: ctx.tf.initializers.glorotUniform({ seed: ctx.seed() }), name: ctx.name() })
      .apply(x) as typeof x,
  torch: {
    module: ([input], p) => `nn.Linear(${input[0]}, ${p.units}${p.bias ? '' : ', bias=False'})`,
    tensors: ([input], p) => [
      { torch: 'weight', tfjs: 'kernel', layout: DENSE_KERNEL, shape: [p.units, input[0]] },
      ...(p.bias ? [{ torch: 'bias', tfjs: 'bias', layout: VECTOR, shape: [p.units] }] : []),
    ],
  },
});
