import { defineLayer, requireSpatial, type SubNode } from './define';
import { channels, v3Parts } from './inceptionV3Parts';
import type { TorchHelper } from './torchSide';

const INCEPTION_E: TorchHelper = {
  name: 'inception_e',
  code: `class inception_e(nn.Module):
    """Inception-v3's 8×8 module: an expanded filter bank, each 3×3 split into parallel 1×3 and 3×1."""

    def __init__(self, in_channel, out1_1, out2_1, out2_3, out3_1, out3_3, out3_3x, pool_features):
        super(inception_e, self).__init__()
        self.branch1x1 = conv_bn_relu(in_channel, out1_1, 1)
        self.branch3x3_1 = conv_bn_relu(in_channel, out2_1, 1)
        self.branch3x3_2a = conv_bn_relu(out2_1, out2_3, (1, 3), padding=(0, 1))
        self.branch3x3_2b = conv_bn_relu(out2_1, out2_3, (3, 1), padding=(1, 0))
        self.branch3x3dbl_1 = conv_bn_relu(in_channel, out3_1, 1)
        self.branch3x3dbl_2 = conv_bn_relu(out3_1, out3_3, 3, padding=1)
        self.branch3x3dbl_3a = conv_bn_relu(out3_3, out3_3x, (1, 3), padding=(0, 1))
        self.branch3x3dbl_3b = conv_bn_relu(out3_3, out3_3x, (3, 1), padding=(1, 0))
        self.branch_pool = conv_bn_relu(in_channel, pool_features, 1)

    def forward(self, x):
        f1 = self.branch1x1(x)
        f2 = self.branch3x3_1(x)
        f2 = torch.cat((self.branch3x3_2a(f2), self.branch3x3_2b(f2)), dim=1)
        f3 = self.branch3x3dbl_2(self.branch3x3dbl_1(x))
        f3 = torch.cat((self.branch3x3dbl_3a(f3), self.branch3x3dbl_3b(f3)), dim=1)
        f4 = self.branch_pool(nn.functional.avg_pool2d(x, 3, stride=1, padding=1))
        return torch.cat((f1, f2, f3, f4), dim=1)`,
};

/** Inception-v3's InceptionE (the 8×8 grid): the expanded filter bank; a 3×3 splits into a 1×3 and a 3×1 side by side. */
export const inceptionELayer = defineLayer({
  kind: 'InceptionE',
  title: 'Inception-v3 E (filter bank)',
  category: 'Blocks',
  description: 'Inception-v3\'s 8×8 module: 1×1; 1×1→(1×3 ‖ 3×1); 1×1→3×3→(1×3 ‖ 3×1); 3×3 average pool→1×1, concatenated.',
  params: {
    out1x1: channels(320, 'Branch 1: 1×1 convolution channels'),
    reduce3x3: channels(384, 'Branch 2: 1×1 reduction before the 1×3 and 3×1'),
    out3x3: channels(384, 'Branch 2: channels of its 1×3 and of its 3×1 each'),
    reduce3x3dbl: channels(448, 'Branch 3: 1×1 reduction before the 3×3'),
    mid3x3dbl: channels(384, 'Branch 3: 3×3 convolution channels'),
    out3x3dbl: channels(384, 'Branch 3: channels of its 1×3 and of its 3×1 each'),
    poolProj: channels(192, 'Branch 4: 1×1 projection after the 3×3 average pool'),
  },
  inputs: { min: 1, max: 1 },
  summary: (p) => `${p.out1x1}, ${p.reduce3x3}→${p.out3x3}×2, ${p.reduce3x3dbl}→${p.mid3x3dbl}→${p.out3x3dbl}×2, ${p.poolProj}`,
  composite: true,
  check: (inputs) => void requireSpatial(inputs[0]),
  expand: (id, p): SubNode[] => {
    const { conv, avgPool, concat } = v3Parts(id);
    const row = { padding: [0, 1] as const };
    const column = { padding: [1, 0] as const };
    return [
      conv('branch1x1', p.out1x1, 1, '$in'),
      conv('branch3x3_1', p.reduce3x3, 1, '$in'),
      conv('branch3x3_2a', p.out3x3, [1, 3], 'branch3x3_1', row),
      conv('branch3x3_2b', p.out3x3, [3, 1], 'branch3x3_1', column),
      conv('branch3x3dbl_1', p.reduce3x3dbl, 1, '$in'),
      conv('branch3x3dbl_2', p.mid3x3dbl, 3, 'branch3x3dbl_1', { padding: 1 }),
      conv('branch3x3dbl_3a', p.out3x3dbl, [1, 3], 'branch3x3dbl_2', row),
      conv('branch3x3dbl_3b', p.out3x3dbl, [3, 1], 'branch3x3dbl_2', column),
      avgPool('pool'),
      conv('branch_pool', p.poolProj, 1, 'pool'),
      // torch.cat of the inner pairs inside the outer cat: the same channel order as one Concat.
      concat(['branch1x1', 'branch3x3_2a', 'branch3x3_2b', 'branch3x3dbl_3a', 'branch3x3dbl_3b', 'branch_pool']),
    ];
  },
  torch: {
    module: ([input], p) =>
      `inception_e(${input[0]}, ${p.out1x1}, ${p.reduce3x3}, ${p.out3x3}, ${p.reduce3x3dbl}, ${p.mid3x3dbl}, ${p.out3x3dbl}, ${p.poolProj})`,
    helpers: [INCEPTION_E],
  },
});
