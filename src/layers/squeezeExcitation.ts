import { defineLayer, requireSpatial, ShapeError, type SubNode } from './define';
import { choice, int, MAX_CHANNELS } from './params';
import type { TorchHelper } from './torchSide';

/** The block in the seed's style: its parts at `fc1`, `activation`, `fc2` and `gate`; the mean and the product in `forward`. */
const SQUEEZE_EXCITATION: TorchHelper = {
  name: 'squeeze_excitation',
  code: `class squeeze_excitation(nn.Module):
    def __init__(self, in_channel, squeeze_channel, activation=nn.ReLU, gate=nn.Sigmoid):
        super(squeeze_excitation, self).__init__()
        self.fc1 = nn.Conv2d(in_channel, squeeze_channel, 1)
        self.activation = activation()
        self.fc2 = nn.Conv2d(squeeze_channel, in_channel, 1)
        self.gate = gate()

    def forward(self, x):
        scale = x.mean((2, 3), keepdim=True)
        scale = self.gate(self.fc2(self.activation(self.fc1(scale))))
        return x * scale`,
};

const TORCH_CLASS: Record<string, string> = { ReLU: 'nn.ReLU', SiLU: 'nn.SiLU', Sigmoid: 'nn.Sigmoid', HardSigmoid: 'nn.Hardsigmoid' };

/**
 * Squeeze-and-excitation (SENet, EfficientNet, MobileNetV3): the mean of each channel over H×W, a 1×1
 * convolution down to `squeeze` channels, an activation, a 1×1 convolution back up, a gate, and the
 * input scaled channel by channel by the gate.
 */
export const squeezeExcitationLayer = defineLayer({
  kind: 'SqueezeExcitation',
  title: 'Squeeze-Excitation',
  category: 'Blocks',
  description: 'Scales each channel by a learned gate computed from the channel means: mean over H×W → 1×1 conv → activation → 1×1 conv → gate → multiply.',
  params: {
    channels: int(64, 1, MAX_CHANNELS, 'Input (and output) channels; must equal the input\'s'),
    squeeze: int(16, 1, MAX_CHANNELS, 'Channels of the 1×1 reduction'),
    activation: choice(['ReLU', 'SiLU'], 'ReLU', 'After the reduction: ReLU (SENet, MobileNetV3) or SiLU (EfficientNet)'),
    gate: choice(['Sigmoid', 'HardSigmoid'], 'Sigmoid', 'The gate: Sigmoid, or PyTorch\'s HardSigmoid (MobileNetV3)'),
  },
  inputs: { min: 1, max: 1 },
  summary: (p) => `${p.channels}→${p.squeeze}→${p.channels}`,
  composite: true,
  check: ([input], p) => {
    const [c] = requireSpatial(input);
    if (c !== p.channels) throw new ShapeError('channels', `expected the input's ${c} channels, got ${p.channels}`);
  },
  expand: (id, p): SubNode[] => [
    { id: `${id}_pool`, kind: 'GlobalAvgPool', params: { keepDims: true }, inputs: ['$in'], torchPath: '' },
    { id: `${id}_fc1`, kind: 'Conv2D', params: { filters: p.squeeze, kernel: 1, padding: 0 }, inputs: [`${id}_pool`], torchPath: 'fc1' },
    { id: `${id}_act`, kind: p.activation, params: {}, inputs: [`${id}_fc1`], torchPath: 'activation' },
    { id: `${id}_fc2`, kind: 'Conv2D', params: { filters: p.channels, kernel: 1, padding: 0 }, inputs: [`${id}_act`], torchPath: 'fc2' },
    { id: `${id}_gate`, kind: p.gate, params: {}, inputs: [`${id}_fc2`], torchPath: 'gate' },
    { id: `${id}_scale`, kind: 'Multiply', params: {}, inputs: ['$in', `${id}_gate`], torchPath: '' },
  ],
  torch: {
    module: ([input], p) => {
      const defaults = p.activation === 'ReLU' && p.gate === 'Sigmoid';
      return `squeeze_excitation(${input[0]}, ${p.squeeze}${defaults ? '' : `, ${TORCH_CLASS[p.activation]}, ${TORCH_CLASS[p.gate]}`})`;
    },
    helpers: [SQUEEZE_EXCITATION],
  },
});
