import { defineElementwise } from './elementwise';
import { buildHardSigmoid } from './hardSigmoid';

/** MobileNetV3's activation x · relu6(x + 3) / 6, from stock TF.js layers: the hard sigmoid as a gate, then a Multiply. */
export const hardswishLayer = defineElementwise({
  kind: 'Hardswish',
  title: 'Hardswish',
  description: 'x · relu6(x + 3) / 6, element by element (MobileNetV3).',
  build: (ctx, [x]) => {
    const gate = buildHardSigmoid(ctx, x, ctx.name('gate'));
    return ctx.tf.layers.multiply({ name: ctx.name() }).apply([x, gate]) as typeof x;
  },
  torch: { module: () => 'nn.Hardswish()' },
});
