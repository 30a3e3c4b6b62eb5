import { defineLayer, NO_COST } from './define';
import { bool, int, MAX_KERNEL } from './params';
import { poolShape, poolSummary, torchPoolArgs } from './poolShape';

export const maxPoolLayer = defineLayer({
  kind: 'MaxPool',
  title: 'MaxPool',
  category: 'Pooling',
  description: 'Keeps the largest value in each window; halves H×W with kernel 3, stride 2.',
  params: {
    kernel: int(3, 1, MAX_KERNEL, 'Window height and width', 'px'),
    stride: int(2, 1, MAX_KERNEL, 'Step between windows', 'px'),
    padding: int(0, 0, MAX_KERNEL, 'Padding on each side; a padded value never wins', 'px'),
    ceilMode: bool(false, 'Round the output size up instead of down (PyTorch ceil_mode)'),
  },
  inputs: { min: 1, max: 1 },
  summary: poolSummary,
  inferShape: (inputs, p) => poolShape(inputs[0], p),
  counts: () => NO_COST,
  build: (ctx, [x], p) => ctx.pool(x, { mode: 'max', countIncludePad: false, ...p }, ctx.name()),
  torch: { module: (_inputs, p) => `nn.MaxPool2d(${torchPoolArgs(p)})` },
});
