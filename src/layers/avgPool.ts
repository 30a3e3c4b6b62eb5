import { defineLayer, NO_COST } from './define';
import { bool, int, MAX_KERNEL } from './params';
import { poolShape, poolSummary, torchPoolArgs } from './poolShape';

export const avgPoolLayer = defineLayer({
  kind: 'AvgPool',
  title: 'AvgPool',
  category: 'Pooling',
  description: 'Averages each window.',
  params: {
    kernel: int(2, 1, MAX_KERNEL, 'Window height and width', 'px'),
    stride: int(2, 1, MAX_KERNEL, 'Step between windows', 'px'),
    padding: int(0, 0, MAX_KERNEL, 'Zero padding on each side', 'px'),
    ceilMode: bool(false, 'Round the output size up instead of down (PyTorch ceil_mode)'),
    countIncludePad: bool(true, 'Count padded zeros in the average (PyTorch count_include_pad)'),
  },
  inputs: { min: 1, max: 1 },
  summary: poolSummary,
  inferShape: (inputs, p) => poolShape(inputs[0], p),
  counts: () => NO_COST,
  build: (ctx, [x], p) => ctx.pool(x, { mode: 'avg', ...p }, ctx.name()),
  torch: { module: (_inputs, p) => `nn.AvgPool2d(${torchPoolArgs(p)}${p.countIncludePad ? '' : ', count_include_pad=False'})` },
});
