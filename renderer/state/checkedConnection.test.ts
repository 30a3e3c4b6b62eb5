import { describe, expect, it } from 'vitest';
import { addNode, connect, emptyGraph } from '../../src/graph/ops';
import type { GraphDoc } from '../../src/graph/types';
import { inferGraph } from '../../src/shapes/infer';
import { connectChecked } from './checkedConnection';

function design(): GraphDoc {
  let g = emptyGraph();
  g = addNode(g, 'Input', { x: 0, y: 0 }, { height: 8, width: 8, channels: 3 }, 'in').graph;
  g = addNode(g, 'Conv2D', { x: 0, y: 100 }, { filters: 4, kernel: 3, padding: 1 }, 'conv').graph;
  g = addNode(g, 'Dense', { x: 0, y: 200 }, { units: 2 }, 'fc').graph;
  g = addNode(g, 'Concat', { x: 0, y: 300 }, {}, 'cat').graph;
  g = addNode(g, 'Flatten', { x: 300, y: 100 }, {}, 'flat').graph;
  const r = connect(g, 'in', 'conv');
  if (!r.ok) throw new Error(r.reason);
  return r.graph;
}

const check = (g: GraphDoc, source: string, target: string) => connectChecked(g, inferGraph(g), source, target);

describe('connectChecked', () => {
  it('refuses a Dense after a feature map, saying what to add', () => {
    const result = check(design(), 'conv', 'fc');
    expect(result).toEqual({ ok: false, reason: expect.stringContaining('fc (Dense) cannot take conv\'s 4×8×8 output') });
    expect(result.ok || result.reason).toContain('add a Flatten or GlobalAvgPool');
  });

  it('refuses cycles and edges into an Input', () => {
    let g = design();
    const r = check(g, 'conv', 'flat');
    expect(r.ok).toBe(true);
    if (r.ok) g = r.graph;
    expect(check(g, 'flat', 'conv')).toEqual({ ok: false, reason: 'connecting flat → conv would make a cycle' });
    expect(check(g, 'conv', 'in')).toEqual({ ok: false, reason: 'in is an Input node: it takes no input' });
  });

  it('rewires a single-input node and appends to a multi-input one', () => {
    let g = design();
    const flat = check(g, 'in', 'flat');
    if (!flat.ok) throw new Error(flat.reason);
    const rewired = check(flat.graph, 'conv', 'flat');
    if (!rewired.ok) throw new Error(rewired.reason);
    expect(rewired.graph.edges.filter((e) => e.target === 'flat').map((e) => e.source)).toEqual(['conv']);
    g = rewired.graph;
    for (const source of ['in', 'conv']) {
      const r = check(g, source, 'cat');
      if (!r.ok) throw new Error(r.reason);
      g = r.graph;
    }
    expect(g.edges.filter((e) => e.target === 'cat').map((e) => [e.source, e.targetSlot])).toEqual([['in', 0], ['conv', 1]]);
    expect(check(g, 'conv', 'cat')).toEqual({ ok: false, reason: 'conv already feeds cat' });
  });
});
