import type { GraphDoc } from '../../src/graph/types';

const STEMS: Record<string, string> = {
  Input: 'input',
  Output: 'output',
  Conv2D: 'conv',
  ConvBNReLU: 'conv',
  MaxPool: 'maxpool',
  AvgPool: 'avgpool',
  GlobalAvgPool: 'gap',
  Inception: 'inception',
  Concat: 'concat',
  Add: 'add',
  Dense: 'fc',
  Flatten: 'flatten',
  Dropout: 'dropout',
  BatchNorm: 'bn',
  ReLU: 'relu',
};

/** The id stem of a new node of this kind: `conv`, `fc`, `maxpool`; numbered on from there (`conv_2`). */
export const idStem = (kind: string): string => STEMS[kind] ?? kind.toLowerCase();

/**
 * True when two documents have the same nodes (ids, kinds, params) and edges, so shape inference of
 * one holds for the other: moves and renames keep the structure.
 */
export function sameStructure(a: GraphDoc, b: GraphDoc): boolean {
  if (a.edges !== b.edges || a.nodes.length !== b.nodes.length) return false;
  return a.nodes.every((n, i) => {
    const m = b.nodes[i];
    return n === m || (n.id === m.id && n.kind === m.kind && n.params === m.params);
  });
}
