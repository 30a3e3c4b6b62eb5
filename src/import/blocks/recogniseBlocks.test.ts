import { describe, expect, it } from 'vitest';
import { loadPreset } from '../../graph/presets';
import { topoOrder } from '../../graph/topo';
import { GRAPH_FORMAT, GRAPH_VERSION, type GraphDoc } from '../../graph/types';
import { explodeAll } from '../../shapes/explode';
import { DesignBuilder } from '../design';
import { designNodes } from '../testing/designNodes';
import { toGraphDoc } from '../toGraph';
import { recogniseBlocks } from './recogniseBlocks';

/** A design of primitive nodes, as an importer builds it, with one weight per layer holding the layer's number. */
function build(graph: GraphDoc): { design: DesignBuilder; owner: Map<number, string> } {
  const design = new DesignBuilder();
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const owner = new Map<number, string>();
  for (const id of topoOrder(graph).order) {
    const inputs = graph.edges.filter((e) => e.target === id).sort((a, b) => a.targetSlot - b.targetSlot).map((e) => e.source);
    design.uniqueId(id);
    design.add(id, byId.get(id)!.kind, byId.get(id)!.params, inputs);
    owner.set(owner.size, id);
    design.weights.set(`${id}/w`, { shape: [1], data: Float32Array.of(owner.size - 1) });
  }
  return { design, owner };
}

/** Each weight's number by the layer it now belongs to. */
const weightOwners = (design: DesignBuilder) => new Map([...design.weights].map(([name, w]) => [w.data[0], name.split('/')[0]]));

describe('recogniseBlocks: the editor\'s blocks found in a design of primitive layers', () => {
  it('gives back the inception-v3 preset from its exploded layers, every weight where the block compiles it', () => {
    const preset = loadPreset('inception-v3');
    const { design, owner } = build(explodeAll(preset));
    const found = recogniseBlocks(design, { foldedBatchNorm: false });
    expect(found.keptBatchNorm).toBe(94);
    expect(found.blocks).toEqual({
      InceptionA: ['Mixed_5b', 'Mixed_5c', 'Mixed_5d'], InceptionB: ['Mixed_6a'], InceptionC: ['Mixed_6b', 'Mixed_6c', 'Mixed_6d', 'Mixed_6e'],
      InceptionD: ['Mixed_7a'], InceptionE: ['Mixed_7b', 'Mixed_7c'],
    });
    expect(designNodes(toGraphDoc(design, preset.name))).toEqual(designNodes(preset));
    // Exploding keeps layer names, so each weight is back under the layer it started in.
    expect(weightOwners(design)).toEqual(owner);
  });

  it('leaves a block as its layers when one layer differs from the block\'s expansion or is read from outside it', () => {
    const exploded = explodeAll(loadPreset('inception-v3'));
    const changed: GraphDoc = { ...exploded, nodes: exploded.nodes.map((n) => (n.id === 'Mixed_5c_branch5x5_2_conv' ? { ...n, params: { ...n.params, kernel: 3, padding: 1 } } : n)) };
    // Mixed_6b's 1×7 branch also feeds the next block's concat: the branch is no longer Mixed_6b's alone.
    const leaked: GraphDoc = { ...changed, edges: changed.edges.map((e) => (e.target === 'Mixed_6c_concat' && e.targetSlot === 0 ? { ...e, source: 'Mixed_6b_branch7x7_2_relu' } : e)) };
    const { design } = build(leaked);
    const found = recogniseBlocks(design, { foldedBatchNorm: false });
    expect(found.blocks.InceptionA).toEqual(['Mixed_5b', 'Mixed_5d']);
    expect(found.blocks.InceptionC).toEqual(['Mixed_6d', 'Mixed_6e']);
    const kinds = new Map(design.nodes.map((n) => [n.id, n.kind]));
    expect(kinds.get('Mixed_5c_branch5x5_2')).toBe('ConvBNReLU');
    expect(kinds.get('Mixed_6b_concat')).toBe('Concat');
  });

  it('folded files: Conv2D + bias → ReLU becomes a ConvBNReLU whose BatchNorm is the identity, only when every convolution is one', () => {
    const units: GraphDoc = {
      format: GRAPH_FORMAT, version: GRAPH_VERSION, name: 'units',
      nodes: [
        { id: 'input', kind: 'Input', params: { height: 8, width: 8, channels: 3 }, position: { x: 0, y: 0 } },
        { id: 'a_conv', kind: 'Conv2D', params: { filters: 4, kernel: [1, 3], padding: [0, 1], bias: true }, position: { x: 0, y: 0 } },
        { id: 'a', kind: 'ReLU', params: {}, position: { x: 0, y: 0 } },
        { id: 'b_conv', kind: 'Conv2D', params: { filters: 4, kernel: 3, padding: 1, bias: true }, position: { x: 0, y: 0 } },
        { id: 'b', kind: 'ReLU', params: {}, position: { x: 0, y: 0 } },
      ],
      edges: [['input', 'a_conv'], ['a_conv', 'a'], ['a', 'b_conv'], ['b_conv', 'b']].map(([source, target]) => ({ id: `${source}-${target}`, source, target, targetSlot: 0 })),
    };
    const { design } = build(units);
    design.weights.set('a_conv/bias', { shape: [4], data: Float32Array.of(1, 2, 3, 4) });
    design.weights.set('b_conv/bias', { shape: [4], data: Float32Array.of(5, 6, 7, 8) });
    expect(recogniseBlocks(design, { foldedBatchNorm: true }).foldedBatchNorm).toBe(2);
    expect(design.nodes.map((n) => [n.id, n.kind, n.params])).toEqual([
      ['input', 'Input', { height: 8, width: 8, channels: 3 }],
      ['a', 'ConvBNReLU', { filters: 4, kernel: [1, 3], stride: undefined, padding: [0, 1], bias: false }],
      ['b', 'ConvBNReLU', { filters: 4, kernel: 3, stride: undefined, padding: 1, bias: false }],
    ]);
    const w = (name: string) => [...design.weights.get(name)!.data];
    expect(w('a_bn/beta')).toEqual([1, 2, 3, 4]);
    expect(w('a_bn/gamma')).toEqual([1, 1, 1, 1]);
    expect(w('a_bn/moving_mean')).toEqual([0, 0, 0, 0]);
    expect(w('a_bn/moving_variance')).toEqual(Array(4).fill(Math.fround(1 - 1e-3)));
    expect(design.weights.has('a_conv/w')).toBe(true);

    // A convolution feeding anything but a ReLU (a residual Add, say): nothing is fused, the file stays as it is.
    const residual: GraphDoc = {
      ...units,
      nodes: [...units.nodes, { id: 'sum', kind: 'Add', params: {}, position: { x: 0, y: 0 } }],
      edges: [...units.edges, { id: 'b_conv-sum', source: 'b_conv', target: 'sum', targetSlot: 0 }, { id: 'a-sum', source: 'a', target: 'sum', targetSlot: 1 }],
    };
    const second = build(residual).design;
    expect(recogniseBlocks(second, { foldedBatchNorm: true }).foldedBatchNorm).toBe(0);
    expect(second.nodes.map((n) => n.kind)).toEqual(['Input', 'Conv2D', 'ReLU', 'Conv2D', 'ReLU', 'Add']);
  });
});
