import { defineLayer, requireSpatial, type SubNode } from './define';
import { channels, v3Parts } from './inceptionV3Parts';
import type { TorchHelper } from './torchSide';

const INCEPTION_C: TorchHelper = {
  name: 'inception_c',
  code: `class inception_c(nn.Module):
    """Inception-v3's 17×17 module: 7×7 convolutions factorized into 1×7 and 7×1."""

    def __init__(self, in_channel, out1_1, c7, out2_7, out3_7, pool_features):
        super(inception_c, self).__init__()
        self.branch1x1 = conv_bn_relu(in_channel, out1_1, 1)
        self.branch7x7_1 = conv_bn_relu(in_channel, c7, 1)
        self.branch7x7_2 = conv_bn_relu(c7, c7, (1, 7), padding=(0, 3))
        self.branch7x7_3 = conv_bn_relu(c7, out2_7, (7, 1), padding=(3, 0))
        self.branch7x7dbl_1 = conv_bn_relu(in_channel, c7, 1)
        self.branch7x7dbl_2 = conv_bn_relu(c7, c7, (7, 1), padding=(3, 0))
        self.branch7x7dbl_3 = conv_bn_relu(c7, c7, (1, 7), padding=(0, 3))
        self.branch7x7dbl_4 = conv_bn_relu(c7, c7, (7, 1), padding=(3, 0))
        self.branch7x7dbl_5 = conv_bn_relu(c7, out3_7, (1, 7), padding=(0, 3))
        self.branch_pool = conv_bn_relu(in_channel, pool_features, 1)

    def forward(self, x):
        f1 = self.branch1x1(x)
        f2 = self.branch7x7_3(self.branch7x7_2(self.branch7x7_1(x)))
        f3 = self.branch7x7dbl_1(x)
        f3 = self.branch7x7dbl_3(self.branch7x7dbl_2(f3))
        f3 = self.branch7x7dbl_5(self.branch7x7dbl_4(f3))
        f4 = self.branch_pool(nn.functional.avg_pool2d(x, 3, stride=1, padding=1))
        return torch.cat((f1, f2, f3, f4), dim=1)`,
};

/** Inception-v3's InceptionC (the 17×17 grid): 7×7 convolutions factorized into 1×7 then 7×1. */
export const inceptionCLayer = defineLayer({
  kind: 'InceptionC',
  title: 'Inception-v3 C (1×7, 7×1)',
  category: 'Blocks',
  description: 'Inception-v3\'s 17×17 module: 1×1; 1×1→1×7→7×1; 1×1→7×1→1×7→7×1→1×7; 3×3 average pool→1×1, concatenated.',
  params: {
    out1x1: channels(192, 'Branch 1: 1×1 convolution channels'),
    channels7x7: channels(128, 'Channels inside the factorized 7×7 branches (torchvision\'s channels_7x7)'),
    out7x7: channels(192, 'Branch 2: output channels of its last 7×1'),
    out7x7dbl: channels(192, 'Branch 3: output channels of its last 1×7'),
    poolProj: channels(192, 'Branch 4: 1×1 projection after the 3×3 average pool'),
  },
  inputs: { min: 1, max: 1 },
  summary: (p) => `${p.out1x1}, c7 ${p.channels7x7}→${p.out7x7}, →${p.out7x7dbl}, ${p.poolProj}`,
  composite: true,
  check: (inputs) => void requireSpatial(inputs[0]),
  expand: (id, p): SubNode[] => {
    const { conv, avgPool, concat } = v3Parts(id);
    const c7 = p.channels7x7;
    const row = { padding: [0, 3] as const };
    const column = { padding: [3, 0] as const };
    return [
      conv('branch1x1', p.out1x1, 1, '$in'),
      conv('branch7x7_1', c7, 1, '$in'),
      conv('branch7x7_2', c7, [1, 7], 'branch7x7_1', row),
      conv('branch7x7_3', p.out7x7, [7, 1], 'branch7x7_2', column),
      conv('branch7x7dbl_1', c7, 1, '$in'),
      conv('branch7x7dbl_2', c7, [7, 1], 'branch7x7dbl_1', column),
      conv('branch7x7dbl_3', c7, [1, 7], 'branch7x7dbl_2', row),
      conv('branch7x7dbl_4', c7, [7, 1], 'branch7x7dbl_3', column),
      conv('branch7x7dbl_5', p.out7x7dbl, [1, 7], 'branch7x7dbl_4', row),
      avgPool('pool'),
      conv('branch_pool', p.poolProj, 1, 'pool'),
      concat(['branch1x1', 'branch7x7_3', 'branch7x7dbl_5', 'branch_pool']),
    ];
  },
  torch: {
    module: ([input], p) => `inception_c(${input[0]}, ${p.out1x1}, ${p.channels7x7}, ${p.out7x7}, ${p.out7x7dbl}, ${p.poolProj})`,
    helpers: [INCEPTION_C],
  },
});
