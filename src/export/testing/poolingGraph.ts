import type { GraphDoc } from '../../graph/types';
import { graphOf } from '../../torch/testing/graphs';

/** Pools straight on the input (negative values), in every padding, ceil-mode and divisor variant. */
export function poolingGraph(): GraphDoc {
  const pools: [string, string, Record<string, number | boolean>][] = [
    ['max_pad_ceil', 'MaxPool', { kernel: 3, stride: 2, padding: 1, ceilMode: true }],
    ['max_ceil', 'MaxPool', { kernel: 2, stride: 2, padding: 0, ceilMode: true }],
    ['max_same', 'MaxPool', { kernel: 3, stride: 1, padding: 1, ceilMode: false }],
    ['avg_incl_ceil', 'AvgPool', { kernel: 3, stride: 2, padding: 1, ceilMode: true, countIncludePad: true }],
    ['avg_excl', 'AvgPool', { kernel: 3, stride: 1, padding: 1, ceilMode: false, countIncludePad: false }],
    ['avg_excl_ceil', 'AvgPool', { kernel: 4, stride: 3, padding: 2, ceilMode: true, countIncludePad: false }],
    ['avg_plain', 'AvgPool', { kernel: 2, stride: 2, padding: 0, ceilMode: false, countIncludePad: true }],
  ];
  return graphOf('pooling variants', [
    ['input', 'Input', { height: 10, width: 9, channels: 2 }, []],
    ...pools.flatMap(([id, kind, params]) => [
      [id, kind, params, ['input']] as [string, string, typeof params, string[]],
      [`${id}_flat`, 'Flatten', {}, [id]] as [string, string, object, string[]],
    ]) as [string, string, Record<string, number | boolean>, string[]][],
    ['all', 'Concat', {}, pools.map(([id]) => `${id}_flat`)],
    ['fc', 'Dense', { units: 6 }, ['all']],
    ['out', 'Output', {}, ['fc']],
  ]);
}
