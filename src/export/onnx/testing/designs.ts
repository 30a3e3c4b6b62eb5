import type { GraphDoc } from '../../../graph/types';
import { graphOf, zooGraph } from '../../../torch/testing/graphs';

type PoolParams = Record<string, number | boolean>;

/**
 * A pool straight on the input (values in [-1, 1], so not after a ReLU: a padded cell that won a
 * max, or a wrong divisor, shows), flattened into a Dense layer without a final Output.
 */
function poolDesign(name: string, kind: 'MaxPool' | 'AvgPool', params: PoolParams, height: number, width: number): GraphDoc {
  return graphOf(name, [
    ['input', 'Input', { height, width, channels: 2 }, []],
    ['pool', kind, params, ['input']],
    ['flat', 'Flatten', {}, ['pool']],
    ['fc', 'Dense', { units: 6 }, ['flat']],
  ]);
}

/**
 * Small designs that together use every node kind and every pooling variant: max pools with
 * padding on negative inputs, ceil mode (including PyTorch's rule that drops a last window starting
 * in the right padding), averages with and without count_include_pad, with padding and ceil mode.
 */
export function smallDesigns(): GraphDoc[] {
  return [
    zooGraph(),
    poolDesign('max, padding', 'MaxPool', { kernel: 3, stride: 2, padding: 1, ceilMode: false }, 9, 8),
    poolDesign('max, padding, ceil', 'MaxPool', { kernel: 3, stride: 2, padding: 1, ceilMode: true }, 10, 7),
    // Width 5, kernel 2, stride 2, padding 1, ceil: a 4th window would start in the right padding; PyTorch drops it.
    poolDesign('max, ceil, window starting in the padding', 'MaxPool', { kernel: 2, stride: 2, padding: 1, ceilMode: true }, 6, 5),
    poolDesign('max, ceil, no padding', 'MaxPool', { kernel: 3, stride: 2, padding: 0, ceilMode: true }, 10, 8),
    poolDesign('avg, padding, count_include_pad', 'AvgPool', { kernel: 3, stride: 2, padding: 1, ceilMode: false, countIncludePad: true }, 9, 8),
    poolDesign('avg, padding, no count_include_pad', 'AvgPool', { kernel: 3, stride: 2, padding: 1, ceilMode: false, countIncludePad: false }, 9, 8),
    poolDesign('avg, padding, ceil, count_include_pad', 'AvgPool', { kernel: 3, stride: 2, padding: 1, ceilMode: true, countIncludePad: true }, 10, 7),
    poolDesign('avg, padding, ceil, no count_include_pad', 'AvgPool', { kernel: 3, stride: 2, padding: 1, ceilMode: true, countIncludePad: false }, 10, 7),
    poolDesign('avg, ceil, window starting in the padding', 'AvgPool', { kernel: 2, stride: 2, padding: 1, ceilMode: true, countIncludePad: true }, 6, 5),
    poolDesign('avg, ceil, no padding', 'AvgPool', { kernel: 2, stride: 2, padding: 0, ceilMode: true, countIncludePad: true }, 7, 9),
    graphOf('convolutions and flat BatchNorm', [
      ['input', 'Input', { height: 12, width: 9, channels: 3 }, []],
      ['same_even', 'Conv2D', { filters: 4, kernel: 2, padding: 'same', bias: true }, ['input']],
      ['same_dilated', 'Conv2D', { filters: 4, kernel: 3, padding: 'same', dilation: 2 }, ['input']],
      ['strided', 'ConvBNReLU', { filters: 4, kernel: 3, stride: 2, padding: 1 }, ['input']],
      ['sum', 'Add', {}, ['same_even', 'same_dilated']],
      ['gap', 'GlobalAvgPool', {}, ['sum']],
      ['flat', 'Flatten', {}, ['strided']],
      ['both', 'Concat', {}, ['gap', 'flat']],
      ['bn', 'BatchNorm', { eps: 0.01 }, ['both']],
      ['relu', 'ReLU', {}, ['bn']],
      ['fc', 'Dense', { units: 3 }, ['relu']],
    ]),
  ];
}
