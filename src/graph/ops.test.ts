import { describe, expect, it } from 'vitest';
import { inferGraph } from '../shapes/infer';
import { addNode, connect, disconnect, emptyGraph, freshId, moveNodes, removeNodes, reorderInputs, setParams } from './ops';
import type { GraphDoc } from './types';

function unwrap(result: { ok: true; graph: GraphDoc } | { ok: false; reason: string }): GraphDoc {
  if (!result.ok) throw new Error(result.reason);
  return result.graph;
}

function chain(): GraphDoc {
  let g = emptyGraph('t');
  g = addNode(g, 'Input', { x: 0, y: 0 }, { height: 8, width: 8, channels: 3 }, 'in').graph;
  g = addNode(g, 'Conv2D', { x: 0, y: 100 }, { filters: 4, kernel: 3 }, 'conv').graph;
  g = addNode(g, 'ReLU', { x: 0, y: 200 }, {}, 'relu').graph;
  g = unwrap(connect(g, 'in', 'conv'));
  return unwrap(connect(g, 'conv', 'relu'));
}

describe('graph ops', () => {
  it('never mutate their input', () => {
    const g = chain();
    const frozen = JSON.stringify(g);
    setParams(g, 'conv', { filters: 8 });
    moveNodes(g, { conv: { x: 5, y: 5 } });
    removeNodes(g, ['conv']);
    connect(g, 'in', 'relu');
    expect(JSON.stringify(g)).toBe(frozen);
  });

  it('add and connect build a graph that infers', () => {
    const inference = inferGraph(chain());
    expect(inference.errors).toEqual([]);
    expect(inference.output).toEqual([4, 6, 6]);
    expect(inference.totals.trainable).toBe(3 * 3 * 3 * 4 + 4);
  });

  it('refuse cycles and self-loops with a reason', () => {
    const g = chain();
    expect(connect(g, 'relu', 'conv')).toEqual({ ok: false, reason: 'connecting relu → conv would make a cycle' });
    expect(connect(g, 'relu', 'relu').ok).toBe(false);
  });

  it('give Concat inputs consecutive slots, and reorder them', () => {
    let g = chain();
    g = addNode(g, 'Concat', { x: 0, y: 300 }, {}, 'cat').graph;
    g = unwrap(connect(g, 'relu', 'cat'));
    g = unwrap(connect(g, 'conv', 'cat'));
    expect(g.edges.filter((e) => e.target === 'cat').map((e) => [e.source, e.targetSlot])).toEqual([['relu', 0], ['conv', 1]]);
    g = unwrap(reorderInputs(g, 'cat', [1, 0]));
    const order = g.edges.filter((e) => e.target === 'cat').sort((a, b) => a.targetSlot - b.targetSlot).map((e) => e.source);
    expect(order).toEqual(['conv', 'relu']);
    expect(reorderInputs(g, 'cat', [0, 0]).ok).toBe(false);
  });

  it('rewire an occupied slot instead of adding a second edge', () => {
    let g = chain();
    g = addNode(g, 'Input', { x: 0, y: 0 }, {}, 'in2').graph;
    g = unwrap(connect(g, 'in2', 'conv', 0));
    expect(g.edges.filter((e) => e.target === 'conv').map((e) => e.source)).toEqual(['in2']);
  });

  it('remove nodes with their edges, and disconnect edges', () => {
    const g = chain();
    const without = removeNodes(g, ['conv']);
    expect(without.nodes.map((n) => n.id)).toEqual(['in', 'relu']);
    expect(without.edges).toEqual([]);
    expect(disconnect(g, [g.edges[0].id]).edges).toHaveLength(1);
  });

  it('set params merges and can reset to default; move changes positions', () => {
    let g = setParams(chain(), 'conv', { filters: 8, padding: 'same' });
    expect(inferGraph(g).output).toEqual([8, 8, 8]);
    g = setParams(g, 'conv', { padding: undefined });
    expect(g.nodes[1].params).toEqual({ filters: 8, kernel: 3 });
    expect(moveNodes(g, new Map([['relu', { x: 7, y: 9 }]])).nodes[2].position).toEqual({ x: 7, y: 9 });
  });

  it('fresh ids avoid those in use', () => {
    const g = chain();
    expect(freshId(g, 'conv')).toBe('conv_2');
    expect(freshId(g, 'maxpool')).toBe('maxpool');
    expect(freshId(g, '3d conv')).toBe('_3d_conv');
  });
});
