import { defineLayer, requireSpatial, type SubNode } from './define';
import { channels, v3Parts } from './inceptionV3Parts';
import type { TorchHelper } from './torchSide';

const INCEPTION_D: TorchHelper = {
  name: 'inception_d',
  code: `class inception_d(nn.Module):
    """Inception-v3's grid reduction 17×17 → 8×8: 1×1, 3×3 stride 2; 1×1, 1×7, 7×1, 3×3 stride 2; 3×3 max pool stride 2."""

    def __init__(self, in_channel, out1_1, out1_3, out2_7, out2_3):
        super(inception_d, self).__init__()
        self.branch3x3_1 = conv_bn_relu(in_channel, out1_1, 1)
        self.branch3x3_2 = conv_bn_relu(out1_1, out1_3, 3, stride=2)
        self.branch7x7x3_1 = conv_bn_relu(in_channel, out2_7, 1)
        self.branch7x7x3_2 = conv_bn_relu(out2_7, out2_7, (1, 7), padding=(0, 3))
        self.branch7x7x3_3 = conv_bn_relu(out2_7, out2_7, (7, 1), padding=(3, 0))
        self.branch7x7x3_4 = conv_bn_relu(out2_7, out2_3, 3, stride=2)

    def forward(self, x):
        f1 = self.branch3x3_2(self.branch3x3_1(x))
        f2 = self.branch7x7x3_2(self.branch7x7x3_1(x))
        f2 = self.branch7x7x3_4(self.branch7x7x3_3(f2))
        f3 = nn.functional.max_pool2d(x, 3, stride=2)
        return torch.cat((f1, f2, f3), dim=1)`,
};

/** Inception-v3's InceptionD: the 17×17 → 8×8 grid reduction; the pooled input passes through unchanged. */
export const inceptionDLayer = defineLayer({
  kind: 'InceptionD',
  title: 'Inception-v3 D (reduction)',
  category: 'Blocks',
  description: 'Inception-v3\'s grid reduction (17×17 → 8×8): 1×1→3×3 /2; 1×1→1×7→7×1→3×3 /2; 3×3 max pool /2, concatenated.',
  params: {
    reduce3x3: channels(192, 'Branch 1: 1×1 reduction before the 3×3'),
    out3x3: channels(320, 'Branch 1: 3×3 stride-2 convolution channels'),
    channels7x7: channels(192, 'Branch 2: channels of its 1×1, 1×7 and 7×1'),
    out7x7x3: channels(192, 'Branch 2: 3×3 stride-2 convolution channels'),
  },
  inputs: { min: 1, max: 1 },
  summary: (p) => `${p.reduce3x3}→${p.out3x3} /2, ${p.channels7x7}→${p.out7x7x3} /2, pool /2`,
  composite: true,
  check: (inputs) => void requireSpatial(inputs[0]),
  expand: (id, p): SubNode[] => {
    const { conv, maxPool, concat } = v3Parts(id);
    const c7 = p.channels7x7;
    return [
      conv('branch3x3_1', p.reduce3x3, 1, '$in'),
      conv('branch3x3_2', p.out3x3, 3, 'branch3x3_1', { stride: 2 }),
      conv('branch7x7x3_1', c7, 1, '$in'),
      conv('branch7x7x3_2', c7, [1, 7], 'branch7x7x3_1', { padding: [0, 3] }),
      conv('branch7x7x3_3', c7, [7, 1], 'branch7x7x3_2', { padding: [3, 0] }),
      conv('branch7x7x3_4', p.out7x7x3, 3, 'branch7x7x3_3', { stride: 2 }),
      maxPool('pool'),
      concat(['branch3x3_2', 'branch7x7x3_4', 'pool']),
    ];
  },
  torch: {
    module: ([input], p) => `inception_d(${input[0]}, ${p.reduce3x3}, ${p.out3x3}, ${p.channels7x7}, ${p.out7x7x3})`,
    helpers: [INCEPTION_D],
  },
});
