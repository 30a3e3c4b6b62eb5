import { defineLayer, requireSpatial, type SubNode } from './define';
import { int, MAX_CHANNELS } from './params';

const channels = (d: number, help: string) => int(d, 1, MAX_CHANNELS, help);

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
    const cbr = (name: string, filters: number, kernel: number, from: string): SubNode => ({
      id: `${id}_${name}`,
      kind: 'ConvBNReLU',
      params: { filters, kernel, stride: 1, padding: (kernel - 1) / 2 },
      inputs: [from],
    });
    return [
      cbr('b1', p.out1x1, 1, '$in'),
      cbr('b2_reduce', p.reduce3x3, 1, '$in'),
      cbr('b2', p.out3x3, 3, `${id}_b2_reduce`),
      cbr('b3_reduce', p.reduce5x5, 1, '$in'),
      cbr('b3', p.out5x5, 5, `${id}_b3_reduce`),
      { id: `${id}_b4_pool`, kind: 'MaxPool', params: { kernel: 3, stride: 1, padding: 1, ceilMode: false }, inputs: ['$in'] },
      cbr('b4', p.poolProj, 1, `${id}_b4_pool`),
      { id: `${id}_concat`, kind: 'Concat', params: {}, inputs: [`${id}_b1`, `${id}_b2`, `${id}_b3`, `${id}_b4`] },
    ];
  },
});
