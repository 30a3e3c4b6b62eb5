import { defineLayer, requireSpatial, type SubNode } from './define';
import { channels, v3Parts } from './inceptionV3Parts';
import type { TorchHelper } from './torchSide';

const INCEPTION_B: TorchHelper = {
  name: 'inception_b',
  code: `class inception_b(nn.Module):
    """Inception-v3's grid reduction 35×35 → 17×17: 3×3 stride 2; 1×1, 3×3, 3×3 stride 2; 3×3 max pool stride 2."""

    def __init__(self, in_channel, out1_3, out2_1, out2_3):
        super(inception_b, self).__init__()
        self.branch3x3 = conv_bn_relu(in_channel, out1_3, 3, stride=2)
        self.branch3x3dbl_1 = conv_bn_relu(in_channel, out2_1, 1)
        self.branch3x3dbl_2 = conv_bn_relu(out2_1, out2_3, 3, padding=1)
        self.branch3x3dbl_3 = conv_bn_relu(out2_3, out2_3, 3, stride=2)

    def forward(self, x):
        f1 = self.branch3x3(x)
        f2 = self.branch3x3dbl_3(self.branch3x3dbl_2(self.branch3x3dbl_1(x)))
        f3 = nn.functional.max_pool2d(x, 3, stride=2)
        return torch.cat((f1, f2, f3), dim=1)`,
};

/** Inception-v3's InceptionB: the 35×35 → 17×17 grid reduction; the pooled input passes through unchanged. */
export const inceptionBLayer = defineLayer({
  kind: 'InceptionB',
  title: 'Inception-v3 B (reduction)',
  category: 'Blocks',
  description: 'Inception-v3\'s grid reduction (35×35 → 17×17): 3×3 /2; 1×1→3×3→3×3 /2; 3×3 max pool /2, concatenated.',
  params: {
    out3x3: channels(384, 'Branch 1: 3×3 stride-2 convolution channels'),
    reduce3x3dbl: channels(64, 'Branch 2: 1×1 reduction before the two 3×3'),
    out3x3dbl: channels(96, 'Branch 2: channels of both 3×3 convolutions'),
  },
  inputs: { min: 1, max: 1 },
  summary: (p) => `${p.out3x3} /2, ${p.reduce3x3dbl}→${p.out3x3dbl}×2 /2, pool /2`,
  composite: true,
  check: (inputs) => void requireSpatial(inputs[0]),
  expand: (id, p): SubNode[] => {
    const { conv, maxPool, concat } = v3Parts(id);
    return [
      conv('branch3x3', p.out3x3, 3, '$in', { stride: 2 }),
      conv('branch3x3dbl_1', p.reduce3x3dbl, 1, '$in'),
      conv('branch3x3dbl_2', p.out3x3dbl, 3, 'branch3x3dbl_1', { padding: 1 }),
      conv('branch3x3dbl_3', p.out3x3dbl, 3, 'branch3x3dbl_2', { stride: 2 }),
      maxPool('pool'),
      concat(['branch3x3', 'branch3x3dbl_3', 'pool']),
    ];
  },
  torch: {
    module: ([input], p) => `inception_b(${input[0]}, ${p.out3x3}, ${p.reduce3x3dbl}, ${p.out3x3dbl})`,
    helpers: [INCEPTION_B],
  },
});
