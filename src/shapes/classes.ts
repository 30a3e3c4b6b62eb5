import type { ErrorOption } from '../contract/apiTypes';
import { getLayer } from '../layers/catalog';
import { setParams } from '../graph/ops';
import type { GraphDoc } from '../graph/types';
import { inferGraph } from './infer';

/** The Dense node that decides the number of classes: the output node, or the one feeding a final Softmax/Output. */
export function classifierNode(graph: GraphDoc): string | null {
  const output = inferGraph(graph).outputNodeId;
  if (!output) return null;
  const node = graph.nodes.find((n) => n.id === output)!;
  if (node.kind === 'Dense') return node.id;
  if (node.kind === 'Output') {
    const source = graph.edges.find((e) => e.target === node.id)?.source;
    const feeding = graph.nodes.find((n) => n.id === source);
    return feeding?.kind === 'Dense' ? feeding.id : null;
  }
  return null;
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
  if (!id) throw new Error('the design does not end in a Dense layer (optionally followed by Softmax / Output), so its class count cannot be set');
  return setParams(graph, id, { units: classes });
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
