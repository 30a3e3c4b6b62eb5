import { defineLayer, requireSpatial, type SubNode } from './define';
import { int, MAX_CHANNELS } from './params';
import type { TorchHelper } from './torchSide';

const channels = (d: number, help: string) => int(d, 1, MAX_CHANNELS, help);

/** The seed tutorial's `inception` class, verbatim; its branches are `conv_relu` blocks. */
const INCEPTION: TorchHelper = {
  name: 'inception',
  code: `class inception(nn.Module):
    def __init__(self, in_channel, out1_1, out2_1, out2_3, out3_1, out3_5, out4_1):
        super(inception, self).__init__()
        self.branch1x1 = conv_relu(in_channel, out1_1, 1)

        self.branch3x3 = nn.Sequential(
            conv_relu(in_channel, out2_1, 1),
            conv_relu(out2_1, out2_3, 3, padding=1),
        )

        self.branch5x5 = nn.Sequential(
            conv_relu(in_channel, out3_1, 1),
            conv_relu(out3_1, out3_5, 5, padding=2),
        )

        self.branch_pool = nn.Sequential(
            nn.MaxPool2d(3, stride=1, padding=1),
            conv_relu(in_channel, out4_1, 1),
        )

    def forward(self, x):
        f1 = self.branch1x1(x)
        f2 = self.branch3x3(x)
        f3 = self.branch5x5(x)
        f4 = self.branch_pool(x)
        output = torch.cat((f1, f2, f3, f4), dim=1)
        return output`,
};

/**
 * The seed's `inception` module: four branches concatenated on the channel axis —
 * 1×1; 1×1 then 3×3; 1×1 then 5×5; 3×3 max-pool then 1×1 — each conv a ConvBNReLU.
 */
export const inceptionLayer = defineLayer({
  kind: 'Inception',
  title: 'Inception',
  category: 'Blocks',
  description: 'GoogLeNet\'s module: 1×1, 3×3 and 5×5 convolution branches and a pooling branch, concatenated.',
  params: {
    out1x1: channels(64, 'Branch 1: 1×1 convolution channels'),
    reduce3x3: channels(96, 'Branch 2: 1×1 reduction before the 3×3'),
    out3x3: channels(128, 'Branch 2: 3×3 convolution channels'),
    reduce5x5: channels(16, 'Branch 3: 1×1 reduction before the 5×5'),
    out5x5: channels(32, 'Branch 3: 5×5 convolution channels'),
    poolProj: channels(32, 'Branch 4: 1×1 projection after the 3×3 max-pool'),
  },
  inputs: { min: 1, max: 1 },
  summary: (p) => `${p.out1x1}, ${p.reduce3x3}→${p.out3x3}, ${p.reduce5x5}→${p.out5x5}, ${p.poolProj}`,
  composite: true,
  check: (inputs) => void requireSpatial(inputs[0]),
  expand: (id, p): SubNode[] => {
    const cbr = (name: string, filters: number, kernel: number, from: string, torchPath: string): SubNode => ({
      id: `${id}_${name}`,
      kind: 'ConvBNReLU',
      params: { filters, kernel, stride: 1, padding: (kernel - 1) / 2 },
      inputs: [from],
      torchPath,
    });
    return [
      cbr('b1', p.out1x1, 1, '$in', 'branch1x1'),
      cbr('b2_reduce', p.reduce3x3, 1, '$in', 'branch3x3.0'),
      cbr('b2', p.out3x3, 3, `${id}_b2_reduce`, 'branch3x3.1'),
      cbr('b3_reduce', p.reduce5x5, 1, '$in', 'branch5x5.0'),
      cbr('b3', p.out5x5, 5, `${id}_b3_reduce`, 'branch5x5.1'),
      { id: `${id}_b4_pool`, kind: 'MaxPool', params: { kernel: 3, stride: 1, padding: 1, ceilMode: false }, inputs: ['$in'], torchPath: 'branch_pool.0' },
      cbr('b4', p.poolProj, 1, `${id}_b4_pool`, 'branch_pool.1'),
      { id: `${id}_concat`, kind: 'Concat', params: {}, inputs: [`${id}_b1`, `${id}_b2`, `${id}_b3`, `${id}_b4`], torchPath: '' },
    ];
  },
  torch: {
    module: ([input], p) => `inception(${input[0]}, ${p.out1x1}, ${p.reduce3x3}, ${p.out3x3}, ${p.reduce5x5}, ${p.out5x5}, ${p.poolProj})`,
    helpers: [INCEPTION],
  },
});
