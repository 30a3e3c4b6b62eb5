import { defineLayer, requireSpatial, type SubNode } from './define';
import { channels, v3Parts } from './inceptionV3Parts';
import type { TorchHelper } from './torchSide';

const INCEPTION_A: TorchHelper = {
  name: 'inception_a',
  code: `class inception_a(nn.Module):
    """Inception-v3's 35×35 module: 1×1; 1×1 then 5×5; 1×1 then two 3×3; 3×3 average pool then 1×1."""

    def __init__(self, in_channel, out1_1, out2_1, out2_5, out3_1, out3_3, pool_features):
        super(inception_a, self).__init__()
        self.branch1x1 = conv_bn_relu(in_channel, out1_1, 1)
        self.branch5x5_1 = conv_bn_relu(in_channel, out2_1, 1)
        self.branch5x5_2 = conv_bn_relu(out2_1, out2_5, 5, padding=2)
        self.branch3x3dbl_1 = conv_bn_relu(in_channel, out3_1, 1)
        self.branch3x3dbl_2 = conv_bn_relu(out3_1, out3_3, 3, padding=1)
        self.branch3x3dbl_3 = conv_bn_relu(out3_3, out3_3, 3, padding=1)
        self.branch_pool = conv_bn_relu(in_channel, pool_features, 1)

    def forward(self, x):
        f1 = self.branch1x1(x)
        f2 = self.branch5x5_2(self.branch5x5_1(x))
        f3 = self.branch3x3dbl_3(self.branch3x3dbl_2(self.branch3x3dbl_1(x)))
        f4 = self.branch_pool(nn.functional.avg_pool2d(x, 3, stride=1, padding=1))
        return torch.cat((f1, f2, f3, f4), dim=1)`,
};

/** Inception-v3's InceptionA (the 35×35 grid): four branches concatenated, each conv a bias-free ConvBNReLU. */
export const inceptionALayer = defineLayer({
  kind: 'InceptionA',
  title: 'Inception-v3 A',
  category: 'Blocks',
  description: 'Inception-v3\'s 35×35 module: 1×1; 1×1→5×5; 1×1→3×3→3×3; 3×3 average pool→1×1, concatenated.',
  params: {
    out1x1: channels(64, 'Branch 1: 1×1 convolution channels'),
    reduce5x5: channels(48, 'Branch 2: 1×1 reduction before the 5×5'),
    out5x5: channels(64, 'Branch 2: 5×5 convolution channels'),
    reduce3x3dbl: channels(64, 'Branch 3: 1×1 reduction before the two 3×3'),
    out3x3dbl: channels(96, 'Branch 3: channels of both 3×3 convolutions'),
    poolProj: channels(32, 'Branch 4: 1×1 projection after the 3×3 average pool (torchvision\'s pool_features)'),
  },
  inputs: { min: 1, max: 1 },
  summary: (p) => `${p.out1x1}, ${p.reduce5x5}→${p.out5x5}, ${p.reduce3x3dbl}→${p.out3x3dbl}×2, ${p.poolProj}`,
  composite: true,
  check: (inputs) => void requireSpatial(inputs[0]),
  expand: (id, p): SubNode[] => {
    const { conv, avgPool, concat } = v3Parts(id);
    return [
      conv('branch1x1', p.out1x1, 1, '$in'),
      conv('branch5x5_1', p.reduce5x5, 1, '$in'),
      conv('branch5x5_2', p.out5x5, 5, 'branch5x5_1', { padding: 2 }),
      conv('branch3x3dbl_1', p.reduce3x3dbl, 1, '$in'),
      conv('branch3x3dbl_2', p.out3x3dbl, 3, 'branch3x3dbl_1', { padding: 1 }),
      conv('branch3x3dbl_3', p.out3x3dbl, 3, 'branch3x3dbl_2', { padding: 1 }),
      avgPool('pool'),
      conv('branch_pool', p.poolProj, 1, 'pool'),
      concat(['branch1x1', 'branch5x5_2', 'branch3x3dbl_3', 'branch_pool']),
    ];
  },
  torch: {
    module: ([input], p) => `inception_a(${input[0]}, ${p.out1x1}, ${p.reduce5x5}, ${p.out5x5}, ${p.reduce3x3dbl}, ${p.out3x3dbl}, ${p.poolProj})`,
    helpers: [INCEPTION_A],
  },
});
