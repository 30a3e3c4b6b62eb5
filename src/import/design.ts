import { getLayer } from '../layers/catalog';
import { ShapeError } from '../layers/define';
import { defaultParams } from '../layers/params';
import type { ParamValue } from '../graph/types';
import { LIMITS } from '../contract/graphDocument';
import { moduleName } from './moduleName';

/** A weight in TF.js layout, keyed by its TF.js name (`conv1/kernel`). */
export interface ImportedWeight { shape: number[]; data: Float32Array }

/** A design being built by an importer: nodes with inferred shapes, edges in slot order, weights. */
export class DesignBuilder {
  readonly nodes: { id: string; kind: string; params: Record<string, ParamValue>; inputs: string[]; shape: number[] }[] = [];
  readonly weights = new Map<string, ImportedWeight>();
  private readonly ids = new Set<string>();
  private readonly shapes = new Map<string, number[]>();

  /**
   * A unique identifier-safe node id from a readable name (`layer1.0.conv1` -> `layer1_0_conv1`), or from
   * the module path of an exported node's name (`/layer1/layer1.0/conv1/Conv` -> `layer1_0_conv1`).
   */
  uniqueId(name: string): string {
    let base = (moduleName(name) ?? name).replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '').slice(0, LIMITS.maxIdLength - 6) || 'node';
    if (/^[0-9]/.test(base)) base = `n${base}`;
    let id = base;
    for (let i = 2; this.ids.has(id); i++) id = `${base}_${i}`;
    this.ids.add(id);
    return id;
  }

  /** Adds a node; its shape comes from the kind's own `inferShape`, so an impossible node throws `ShapeError`. */
  add(id: string, kind: string, params: Record<string, ParamValue>, inputs: string[]): number[] {
    const layer = getLayer(kind);
    if (!layer || !('inferShape' in layer)) throw new Error(`no primitive node kind ${kind}`);
    const inputShapes = inputs.map((i) => this.shapeOf(i));
    // The kind's defaults for params the importer leaves out (a Conv2D's groups, say), as a design file gets them.
    const shape = [...layer.inferShape(inputShapes, { ...defaultParams(layer.params), ...params })];
    this.nodes.push({ id, kind, params, inputs, shape });
    this.shapes.set(id, shape);
    return shape;
  }

  /**
   * Changes the params of a node nothing reads yet (a GlobalAvgPool found to keep its dimensions once its
   * reader is seen); its shape is inferred again. Returns the new shape.
   */
  update(id: string, params: Record<string, ParamValue>): number[] {
    const node = this.nodes.find((n) => n.id === id);
    if (!node) throw new Error(`no node ${id}`);
    if (this.nodes.some((n) => n.inputs.includes(id))) throw new Error(`node ${id} already has readers; its params cannot change`);
    const layer = getLayer(node.kind);
    if (!layer || !('inferShape' in layer)) throw new Error(`no primitive node kind ${node.kind}`);
    node.params = params;
    node.shape = [...layer.inferShape(node.inputs.map((i) => this.shapeOf(i)), params)];
    this.shapes.set(id, node.shape);
    return node.shape;
  }

  /**
   * Puts `node` (a primitive or a block) in place of the nodes in `removed`, where `output` (one of them, the one
   * the others feed) stood; readers of `output` read the new node. Its shape is `output`'s. Ids of removed nodes
   * are free again, so the new node may take one of them.
   */
  replace(removed: ReadonlySet<string>, output: string, node: { id: string; kind: string; params: Record<string, ParamValue>; inputs: string[] }): void {
    const at = this.nodes.findIndex((n) => n.id === output);
    if (at < 0 || !removed.has(output)) throw new Error(`no node ${output} among those replaced`);
    const shape = this.shapeOf(output);
    for (const id of removed) {
      this.ids.delete(id);
      this.shapes.delete(id);
    }
    if (this.ids.has(node.id)) throw new Error(`node id ${node.id} is taken`);
    this.ids.add(node.id);
    this.shapes.set(node.id, shape);
    const kept = this.nodes.flatMap((n, i) => (i === at ? [{ ...node, shape }] : removed.has(n.id) ? [] : [n]));
    for (const n of kept) n.inputs = n.inputs.map((x) => (x === output ? node.id : x));
    this.nodes.splice(0, this.nodes.length, ...kept);
  }

  /** True when a node has this id. */
  has(id: string): boolean {
    return this.ids.has(id);
  }

  shapeOf(id: string): number[] {
    const shape = this.shapes.get(id);
    if (!shape) throw new Error(`no node ${id}`);
    return shape;
  }

  /** Keeps only the nodes the output depends on (dead branches would be extra outputs). */
  prune(outputId: string): void {
    const keep = new Set<string>();
    const stack = [outputId];
    const byId = new Map(this.nodes.map((n) => [n.id, n]));
    while (stack.length) {
      const id = stack.pop()!;
      if (keep.has(id)) continue;
      keep.add(id);
      stack.push(...(byId.get(id)?.inputs ?? []));
    }
    const kept = this.nodes.filter((n) => keep.has(n.id));
    this.nodes.splice(0, this.nodes.length, ...kept);
    for (const name of [...this.weights.keys()]) if (!keep.has(name.split('/')[0])) this.weights.delete(name);
  }
}

export { ShapeError };
