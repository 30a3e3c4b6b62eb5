import type { AxisPair } from '../graph/types';
import { convOutputLength, samePadding } from '../shapeMath/convMath';
import { ShapeError } from './define';
import { axesText, perAxis } from './params';

/** A convolution's window as its params give it: one number for both axes, or `[h, w]`. */
export interface ConvWindow {
  kernel: number | AxisPair;
  stride: number | AxisPair;
  padding: number | 'same' | AxisPair;
  dilation?: number | AxisPair;
}

/** The same window with every value per axis, height first; `same` resolved to its padding before and after. */
export interface ConvAxes {
  kernel: [number, number];
  stride: [number, number];
  dilation: [number, number];
  /** Padding before (top, left) and after (bottom, right) each axis. */
  before: [number, number];
  after: [number, number];
}

export function convAxes(p: ConvWindow): ConvAxes {
  const kernel = perAxis(p.kernel);
  const dilation = perAxis(p.dilation ?? 1);
  if (p.padding === 'same') {
    const [h, w] = [samePadding(kernel[0], dilation[0]), samePadding(kernel[1], dilation[1])];
    return { kernel, stride: perAxis(p.stride), dilation, before: [h.before, w.before], after: [h.after, w.after] };
  }
  const pad = perAxis(p.padding);
  return { kernel, stride: perAxis(p.stride), dilation, before: pad, after: pad };
}

/** H×W after a convolution, with the errors a user can fix named by field. */
export function convOutputSize(h: number, w: number, p: ConvWindow): [number, number] {
  const stride = perAxis(p.stride);
  if (p.padding === 'same') {
    if (stride[0] !== 1 || stride[1] !== 1) {
      throw new ShapeError('padding', `"same" padding needs stride 1, as in PyTorch; got stride ${axesText(p.stride)}`);
    }
    return [h, w];
  }
  const kernel = perAxis(p.kernel);
  const dilation = perAxis(p.dilation ?? 1);
  if (stride.some((s) => s > 1) && dilation.some((d) => d > 1)) {
    // TF.js's convolutions take a stride or a dilation, not both (tfjs-core's eitherStridesOrDilationsAreOne).
    throw new ShapeError('dilation', `dilation ${axesText(p.dilation ?? 1)} needs stride 1 (TF.js convolves with a stride or a dilation, not both); got stride ${axesText(p.stride)}`);
  }
  const pad = perAxis(p.padding);
  const [oh, ow] = [0, 1].map((i) => convOutputLength([h, w][i], kernel[i], stride[i], pad[i], dilation[i]));
  if (oh < 1 || ow < 1) {
    const span = kernel.map((k, i) => dilation[i] * (k - 1) + 1);
    throw new ShapeError(
      'kernel',
      `kernel ${span[0]}×${span[1]} with padding ${axesText(p.padding)} is larger than its ${h}×${w} input (output would be ${oh}×${ow})`,
    );
  }
  return [oh, ow];
}

/** Checks a grouped convolution's channel counts; `groups` is the field at fault. */
export function checkGroups(groups: number, inChannels: number, outChannels: number): void {
  if (inChannels % groups !== 0 || outChannels % groups !== 0) {
    throw new ShapeError(
      'groups',
      `groups must divide both the ${inChannels} input channels and the ${outChannels} output channels; got ${groups}`,
    );
  }
}
