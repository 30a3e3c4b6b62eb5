import type { GraphDoc, GraphEdge, GraphNode } from '../../src/graph/types';
import { getLayer } from '../../src/layers/catalog';
import { defaultParams } from '../../src/layers/params';

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

const withDefaults = (kind: string, params: GraphNode['params']): GraphNode['params'] => {
  const layer = getLayer(kind);
  return layer ? { ...defaultParams(layer.params), ...params } : params;
};

function sameParams(kind: string, a: GraphNode['params'], b: GraphNode['params']): boolean {
  if (a === b) return true;
  const x = withDefaults(kind, a);
  const y = withDefaults(kind, b);
  const keys = Object.keys(x);
  return keys.length === Object.keys(y).length && keys.every((k) => Object.hasOwn(y, k) && x[k] === y[k]);
}

const sameNode = (n: GraphNode, m: GraphNode): boolean =>
  n === m || (n.id === m.id && n.kind === m.kind && n.position.x === m.position.x && n.position.y === m.position.y && Boolean(n.frozen) === Boolean(m.frozen) && sameParams(n.kind, n.params, m.params));

const sameEdge = (e: GraphEdge, f: GraphEdge): boolean =>
  e === f || (e.id === f.id && e.source === f.source && e.target === f.target && e.targetSlot === f.targetSlot);

/**
 * True when two documents show the same design: name, nodes (a param set to its default is the same
 * as one left out, frozen or not), places and edges. An edit that changes nothing of this is no undo step.
 */
export function sameDesign(a: GraphDoc, b: GraphDoc): boolean {
  if (a === b) return true;
  if (a.name !== b.name || a.nodes.length !== b.nodes.length || a.edges.length !== b.edges.length) return false;
  return a.nodes.every((n, i) => sameNode(n, b.nodes[i])) && a.edges.every((e, i) => sameEdge(e, b.edges[i]));
}
