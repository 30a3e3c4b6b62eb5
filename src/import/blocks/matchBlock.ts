import { getLayer } from '../../layers/catalog';
import type { CompositeLayer, SubNode } from '../../layers/define';
import { defaultParams, perAxis, resolveParams } from '../../layers/params';
import type { AxisPair, ParamValue } from '../../graph/types';
import type { DesignBuilder } from '../design';

type Node = DesignBuilder['nodes'][number];

/** A block found in a design: its params, the design node each of its sub-nodes is, and the block's input. */
export interface BlockMatch { kind: string; params: Record<string, ParamValue>; nodes: Map<string, string>; input: string }

/**
 * A block's expansion with every whole-number param set to a value of its own, and where each such value lands
 * (sub-node id and param): how the block's params are read back from matched nodes. Null when a param cannot be
 * located (it reaches no sub-node unchanged), so the block cannot be read back this way.
 */
function template(layer: CompositeLayer): { subs: SubNode[]; sources: Map<string, { sub: string; param: string }> } | null {
  const probe: Record<string, ParamValue> = defaultParams(layer.params);
  const keys = Object.keys(layer.params);
  keys.forEach((key, i) => {
    const spec = layer.params[key];
    if (spec.type === 'int') probe[key] = Math.min(spec.max, 40_001 + i);
  });
  const { values, issues } = resolveParams(layer.params, probe);
  if (issues.length) return null;
  const subs = layer.expand('block', values);
  const sources = new Map<string, { sub: string; param: string }>();
  for (const key of keys) {
    if (layer.params[key].type !== 'int') return null;
    const at = subs.flatMap((s) => Object.entries(s.params).filter(([, v]) => v === probe[key]).map(([param]) => ({ sub: s.id, param })));
    if (!at.length) return null;
    sources.set(key, at[0]);
  }
  return { subs, sources };
}

const templates = new WeakMap<CompositeLayer, ReturnType<typeof template>>();

/** A param value in one form: an axis pair whose axes agree as one number. */
function canonical(v: ParamValue): ParamValue {
  if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'number') {
    const [h, w] = perAxis(v as AxisPair);
    return h === w ? h : [h, w];
  }
  return v;
}

/** True when a node of this kind with params `a` computes what one with params `b` computes (defaults filled in). */
export function sameParams(kind: string, a: Record<string, ParamValue>, b: Record<string, ParamValue>): boolean {
  const layer = getLayer(kind);
  if (!layer) return false;
  const x = resolveParams(layer.params, a).values as Record<string, ParamValue>;
  const y = resolveParams(layer.params, b).values as Record<string, ParamValue>;
  return Object.keys(layer.params).every((key) => {
    const [u, v] = [canonical(x[key]), canonical(y[key])];
    if (typeof u === 'number' && typeof v === 'number') return Math.abs(u - v) <= 1e-6 * Math.max(1, Math.abs(v));
    return JSON.stringify(u) === JSON.stringify(v);
  });
}

/**
 * Whether the nodes ending in `output` are exactly the expansion of a `kind` block (the kinds, params and wiring of
 * every sub-node, read back from its inputs in slot order), with nothing outside reading a node inside but
 * `output`. Returns the block's params and which node each sub-node is, or null.
 */
export function matchBlock(design: DesignBuilder, kind: string, output: string): BlockMatch | null {
  const layer = getLayer(kind);
  if (!layer?.composite) return null;
  if (!templates.has(layer)) templates.set(layer, template(layer));
  const shape = templates.get(layer);
  const last = design.nodes.find((n) => n.id === output);
  if (!shape || last?.kind !== shape.subs[shape.subs.length - 1].kind) return null;
  const byId = new Map(design.nodes.map((n) => [n.id, n]));
  const subs = new Map(shape.subs.map((s) => [s.id, s]));
  const nodes = new Map<string, string>();
  const taken = new Set<string>();
  let input: string | null = null;

  const visit = (subId: string, nodeId: string): boolean => {
    if (nodes.has(subId)) return nodes.get(subId) === nodeId;
    const sub = subs.get(subId)!;
    const node: Node | undefined = byId.get(nodeId);
    if (taken.has(nodeId) || node?.kind !== sub.kind || node.inputs.length !== sub.inputs.length) return false;
    nodes.set(subId, nodeId);
    taken.add(nodeId);
    return sub.inputs.every((from, slot) => (from === '$in' ? (input ??= node.inputs[slot]) === node.inputs[slot] : visit(from, node.inputs[slot])));
  };
  if (!visit(shape.subs[shape.subs.length - 1].id, output) || nodes.size !== subs.size || input === null || taken.has(input)) return null;
  for (const n of design.nodes) {
    if (taken.has(n.id)) continue;
    if (n.inputs.some((x) => taken.has(x) && x !== output)) return null;
  }

  const params: Record<string, ParamValue> = {};
  for (const [key, { sub, param }] of shape.sources) params[key] = byId.get(nodes.get(sub)!)!.params[param];
  const { values, issues } = resolveParams(layer.params, params);
  if (issues.length) return null;
  // The block with the params read back must expand to exactly these nodes.
  const expected = layer.expand('block', values);
  if (expected.length !== shape.subs.length) return null;
  const exact = expected.every((sub, i) => sub.id === shape.subs[i].id && sameParams(sub.kind, sub.params, byId.get(nodes.get(sub.id)!)!.params));
  return exact ? { kind, params, nodes, input } : null;
}
