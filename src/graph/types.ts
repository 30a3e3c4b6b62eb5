/** A value per spatial axis, height first: a 1×7 kernel is `[1, 7]`. */
export type AxisPair = readonly [number, number];

/** One parameter of a node: the inspector form, validation and defaults read it by its layer's spec. */
export type ParamValue = number | string | boolean | AxisPair;

import { GRAPH_FORMAT, GRAPH_VERSION } from '../contract/graphDocument';

export { GRAPH_FORMAT, GRAPH_VERSION };

export interface Position { x: number; y: number }

export interface GraphNode {
  /** Stable, identifier-safe (`conv1`, `inception3a`); layer names in every engine derive from it. */
  id: string;
  kind: string;
  params: Record<string, ParamValue>;
  position: Position;
  /** Fine-tuning: true keeps the node's weights (and BatchNorm statistics) as they are; absent means trainable. */
  frozen?: boolean;
}

export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  /** Which input of the target this edge feeds; orders the inputs of Concat and Add. */
  targetSlot: number;
}

export interface GraphView { x: number; y: number; zoom: number }

/** A saved design: the single source of truth for the editor and every engine. */
export interface GraphDoc {
  format: typeof GRAPH_FORMAT;
  version: typeof GRAPH_VERSION;
  name: string;
  nodes: GraphNode[];
  edges: GraphEdge[];
  view?: GraphView;
}

