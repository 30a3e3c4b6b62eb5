import type { ErrorOption } from '../contract/apiTypes';
import { getLayer } from '../layers/catalog';
import { setParams } from '../graph/ops';
import type { GraphDoc } from '../graph/types';
import { inferGraph } from './infer';

/** Kinds between a classifier and the design's output that keep one value per class (SqueezeNet: ReLU, then pooling). */
const AFTER_CLASSIFIER = new Set(['Output', 'ReLU', 'GlobalAvgPool', 'Flatten', 'Dropout']);

/**
 * The node that decides the number of classes: a Dense node, or a 1×1 Conv2D (SqueezeNet's classifier), that is
 * the output or feeds it through nodes that keep one value per class (Output, ReLU, global pooling, Flatten).
 */
export function classifierNode(graph: GraphDoc): string | null {
  let id = inferGraph(graph).outputNodeId;
  while (id) {
    const node = graph.nodes.find((n) => n.id === id)!;
    if (node.kind === 'Dense' || (node.kind === 'Conv2D' && isPointwise(node.params))) return node.id;
    if (!AFTER_CLASSIFIER.has(node.kind)) return null;
    id = graph.edges.find((e) => e.target === node.id)?.source ?? null;
  }
  return null;
}

/** A 1×1 convolution without groups: per pixel, a Dense layer over the channels. */
function isPointwise(params: Record<string, unknown>): boolean {
  const kernel = params.kernel ?? 3;
  const ones = (v: unknown) => v === 1 || (Array.isArray(v) && v.every((x) => x === 1));
  return ones(kernel) && (params.groups ?? 1) === 1;
}

/** The classifier node `id` (see `classifierNode`) with `classes` outputs: a Dense node's units, a convolution's filters. */
export function setClassCount(graph: GraphDoc, id: string, classes: number): GraphDoc {
  const kind = graph.nodes.find((n) => n.id === id)?.kind;
  return setParams(graph, id, kind === 'Conv2D' ? { filters: classes } : { units: classes });
}

/** How many classes a design outputs: its single output's size; null when the output is not a vector. */
export function designClassCount(graph: GraphDoc): number | null {
  const output = inferGraph(graph).output;
  return output?.length === 1 ? output[0] : null;
}

/**
 * A class-count mismatch in words for any reader; `option` is there when the one-step fix (setting the
 * classifier's units) applies, so the command line (`--fix-classes`) and the app (its button) each say how.
 */
export interface ClassCountProblem {
  text: string;
  option?: ErrorOption;
}

/** What is wrong when a design's class count is not the dataset's, and what fixes it. */
export function classCountMessage(outputs: number | null, classes: readonly string[], classifier: string | null): ClassCountProblem {
  const listed = `${classes.slice(0, 8).join(', ')}${classes.length > 8 ? ', …' : ''}`;
  const text = `the design outputs ${outputs ?? 'no'} classes but the dataset has ${classes.length} (${listed})`;
  return classifier ? { text: `${text}; set ${classifier}'s units to ${classes.length}`, option: 'fix-classes' } : { text };
}

/** The class-count problem of a design on a dataset's classes; null when they match (or the design has errors to fix first). */
export function classCountProblem(graph: GraphDoc, classes: readonly string[]): ClassCountProblem | null {
  if (inferGraph(graph).errors.length > 0) return null;
  const outputs = designClassCount(graph);
  return outputs === classes.length ? null : classCountMessage(outputs, classes, classifierNode(graph));
}

/**
 * The design fitted to a dataset's classes: as it is when its output matches, with its classifier's units set
 * when `fix` is asked and there is a classifier; otherwise the problem: what is wrong and what fixes it.
 */
export function fitToClasses(graph: GraphDoc, classes: readonly string[], fix: boolean): { ok: true; graph: GraphDoc } | { ok: false; problem: ClassCountProblem } {
  const outputs = designClassCount(graph);
  if (outputs === classes.length) return { ok: true, graph };
  const node = classifierNode(graph);
  if (!fix || !node) return { ok: false, problem: classCountMessage(outputs, classes, node) };
  return { ok: true, graph: withClassCount(graph, classes.length) };
}

/** The design with its classifier's units set to `classes` (the one-click fix for a class-count mismatch). */
export function withClassCount(graph: GraphDoc, classes: number): GraphDoc {
  const id = classifierNode(graph);
  if (!id) throw new Error('the design does not end in a Dense layer or a 1×1 convolution (optionally followed by ReLU, pooling, Output), so its class count cannot be set');
  return setClassCount(graph, id, classes);
}

/** Input size and channels of a design, from its Input node. */
export function inputOf(graph: GraphDoc): { height: number; width: number; channels: 1 | 3 | 4 } {
  const node = graph.nodes.find((n) => n.kind === 'Input');
  if (!node) throw new Error('the design has no Input node');
  const defaults = Object.fromEntries(Object.entries(getLayer('Input')!.params).map(([k, s]) => [k, s.default]));
  const p = { ...defaults, ...node.params } as { height: number; width: number; channels: number };
  if (![1, 3, 4].includes(p.channels)) throw new Error(`the Input node has ${p.channels} channels; images give 1, 3 or 4`);
  return { height: p.height, width: p.width, channels: p.channels as 1 | 3 | 4 };
}
