import { getLayer } from '../layers/catalog';
import { NO_COST, ShapeError, type CompositeLayer, type Counts, type SubNode } from '../layers/define';
import { resolveParams, type ParamSpecs, type ParamValues } from '../layers/params';
import { findCycle, incomingEdges, topoOrder } from '../graph/topo';
import type { GraphDoc, ParamValue } from '../graph/types';
import type { GraphError } from '../contract/graphErrors';
import type { Shape } from '../shapeMath/shape';

export interface NodeInference {
  /** Null when the node is in error or waits on an input in error. */
  shape: Shape | null;
  /** The shapes feeding it, in slot order (null where unknown). */
  inputShapes: (Shape | null)[];
  counts: Counts;
  errors: GraphError[];
}

export interface GraphInference {
  nodes: Map<string, NodeInference>;
  /** Topological order of the nodes that have one. */
  order: string[];
  totals: Counts;
  /** The shape of the single output node, when there is exactly one and it is valid. */
  output: Shape | null;
  outputNodeId: string | null;
  /** Every error: per node first in order, then those of the graph as a whole. */
  errors: GraphError[];
}

const addCounts = (a: Counts, b: Counts): Counts => ({
  trainable: a.trainable + b.trainable,
  nonTrainable: a.nonTrainable + b.nonTrainable,
  macs: a.macs + b.macs,
});

interface Evaluated { shape: Shape; counts: Counts }

/**
 * Shape and cost of one node from its kind, raw params and input shapes; throws ShapeError.
 * Composite kinds (ConvBNReLU, Inception) are evaluated through their expansion.
 */
export function evaluateNode(kind: string, rawParams: Readonly<Record<string, ParamValue>>, inputs: readonly Shape[], id = 'node'): Evaluated {
  const layer = getLayer(kind);
  if (!layer) throw new ShapeError('kind', `unknown layer kind "${kind}"`);
  const { values, issues } = resolveParams(layer.params, rawParams);
  if (issues.length) throw new ShapeError(issues[0].field, issues[0].message);
  if (inputs.length < layer.inputs.min || inputs.length > layer.inputs.max) {
    throw new ShapeError('input', describeInputCount(layer.inputs, inputs.length));
  }
  if (!layer.composite) {
    const shape = layer.inferShape(inputs, values);
    assertValidShape(shape);
    return { shape, counts: layer.counts(inputs, values, shape) };
  }
  layer.check?.(inputs, values);
  return evaluateExpansion(layer, id, values, inputs);
}

function evaluateExpansion(layer: CompositeLayer, id: string, values: ParamValues<ParamSpecs>, inputs: readonly Shape[]): Evaluated {
  const subs: SubNode[] = layer.expand(id, values);
  const shapes = new Map<string, Shape>();
  let counts = NO_COST;
  let last: Shape = inputs[0];
  for (const sub of subs) {
    const subInputs = sub.inputs.map((from) => (from === '$in' ? inputs[0] : shapes.get(from)!));
    try {
      const result = evaluateNode(sub.kind, sub.params, subInputs, sub.id);
      shapes.set(sub.id, result.shape);
      counts = addCounts(counts, result.counts);
      last = result.shape;
    } catch (error) {
      if (!(error instanceof ShapeError)) throw error;
      const field = Object.hasOwn(layer.params, error.field) ? error.field : 'input';
      throw new ShapeError(field, field === error.field ? error.message : `${sub.id}: ${error.message}`);
    }
  }
  return { shape: last, counts };
}

function describeInputCount(range: { min: number; max: number }, got: number): string {
  if (range.max === 0) return `takes no input, but ${got} ${got === 1 ? 'edge comes' : 'edges come'} in`;
  if (got === 0) return range.min === 1 && range.max === 1 ? 'not connected: expects one input' : `not connected: expects at least ${range.min} input`;
  if (range.max === 1) return `expects one input, got ${got}`;
  return `expects ${range.min} to ${range.max} inputs, got ${got}`;
}

function assertValidShape(shape: Shape): void {
  const bad = shape.find((d) => !Number.isSafeInteger(d) || d < 1);
  if (bad !== undefined) throw new ShapeError('input', `would produce an invalid shape ${shape.join('×')}`);
}

/** Infers every node's output shape, parameter counts and MACs, and collects errors that name node and field. */
export function inferGraph(graph: Pick<GraphDoc, 'nodes' | 'edges'>): GraphInference {
  const nodes = new Map<string, NodeInference>();
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const incoming = incomingEdges(graph);
  const { order, unordered } = topoOrder(graph);
  let totals = NO_COST;

  for (const id of order) {
    const node = byId.get(id)!;
    const inputShapes = (incoming.get(id) ?? []).map((e) => nodes.get(e.source)?.shape ?? null);
    const info: NodeInference = { shape: null, inputShapes, counts: NO_COST, errors: [] };
    nodes.set(id, info);
    if (inputShapes.some((s) => s === null)) {
      // Waits on an input in error; that node carries the message.
      continue;
    }
    try {
      const result = evaluateNode(node.kind, node.params, inputShapes as Shape[], id);
      info.shape = result.shape;
      info.counts = result.counts;
      totals = addCounts(totals, result.counts);
    } catch (error) {
      if (!(error instanceof ShapeError)) throw error;
      info.errors.push({ nodeId: id, field: error.field, message: error.message });
    }
  }

  const graphErrors: GraphError[] = [];
  if (unordered.length) {
    const cycle = findCycle(graph) ?? unordered;
    const loop = [...cycle, cycle[0]].join(' → ');
    const onCycle = new Set(cycle);
    for (const id of unordered) {
      const message = onCycle.has(id) ? `is part of a cycle: ${loop}` : `comes after a cycle (${loop})`;
      nodes.set(id, {
        shape: null,
        inputShapes: [],
        counts: NO_COST,
        errors: [{ nodeId: id, field: 'input', message }],
      });
    }
  }

  const inputs = graph.nodes.filter((n) => n.kind === 'Input');
  if (graph.nodes.length && inputs.length === 0) {
    graphErrors.push({ nodeId: null, field: null, message: 'the design has no Input node' });
  }
  if (inputs.length > 1) {
    graphErrors.push({ nodeId: inputs[1].id, field: null, message: `only one Input node is supported; found ${inputs.map((n) => n.id).join(', ')}` });
  }
  const hasOutgoing = new Set(graph.edges.map((e) => e.source));
  const sinks = graph.nodes.filter((n) => !hasOutgoing.has(n.id));
  if (sinks.length > 1) {
    graphErrors.push({
      nodeId: sinks[1].id,
      field: null,
      message: `the design has ${sinks.length} outputs (${sinks.map((n) => n.id).join(', ')}); connect them so exactly one remains`,
    });
  }
  const outputNodeId = sinks.length === 1 ? sinks[0].id : null;
  const output = outputNodeId ? nodes.get(outputNodeId)?.shape ?? null : null;

  const errors = [...graph.nodes.flatMap((n) => nodes.get(n.id)?.errors ?? []), ...graphErrors];
  return { nodes, order, totals, output, outputNodeId, errors };
}
