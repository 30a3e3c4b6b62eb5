import { describe, expect, it } from 'vitest';
import { addNode, emptyGraph, setParams } from '../graph/ops';
import { loadPreset } from '../graph/presets';
import { parseGraph } from '../graph/schema';
import type { GraphDoc } from '../graph/types';
import { canExplode, explodeAll, explodeNode } from './explode';
import { inferGraph } from './infer';

function unwrap(result: ReturnType<typeof explodeNode>): { graph: GraphDoc; ids: string[] } {
  if (!result.ok) throw new Error(result.reason);
  return result;
}

/** True when two nodes' 220×90 boxes at their positions intersect. */
function overlapping(graph: GraphDoc): string[] {
  const found: string[] = [];
  graph.nodes.forEach((a, i) => {
    for (const b of graph.nodes.slice(i + 1)) {
      if (Math.abs(a.position.x - b.position.x) < 220 && Math.abs(a.position.y - b.position.y) < 90) found.push(`${a.id}/${b.id}`);
    }
  });
  return found;
}

describe('explodeNode', () => {
  it('turns an Inception into its branches with the same totals, shapes and a valid document', () => {
    const g = loadPreset('googlenet');
    const before = inferGraph(g);
    const { graph, ids } = unwrap(explodeNode(g, 'inception3a'));
    expect(ids).toEqual([
      'inception3a_b1', 'inception3a_b2_reduce', 'inception3a_b2', 'inception3a_b3_reduce',
      'inception3a_b3', 'inception3a_b4_pool', 'inception3a_b4', 'inception3a_concat',
    ]);
    const after = inferGraph(graph);
    expect(after.errors).toEqual([]);
    expect(after.totals).toEqual(before.totals);
    expect(after.nodes.get('inception3a_concat')!.shape).toEqual(before.nodes.get('inception3a')!.shape);
    expect(after.nodes.get('inception3b')!.inputShapes).toEqual(before.nodes.get('inception3b')!.inputShapes);
    expect(parseGraph(graph).ok).toBe(true);
    expect(overlapping(graph)).toEqual([]);
    // Concat inputs keep the branch order.
    expect(graph.edges.filter((e) => e.target === 'inception3a_concat').sort((a, b) => a.targetSlot - b.targetSlot).map((e) => e.source))
      .toEqual(['inception3a_b1', 'inception3a_b2', 'inception3a_b3', 'inception3a_b4']);
  });

  it('explodes a ConvBNReLU into Conv2D → BatchNorm(eps 1e-3) → ReLU', () => {
    const g = loadPreset('googlenet-96');
    const block = g.nodes.find((n) => n.kind === 'ConvBNReLU')!;
    const { graph, ids } = unwrap(explodeNode(g, block.id));
    expect(ids.map((id) => graph.nodes.find((n) => n.id === id)!.kind)).toEqual(['Conv2D', 'BatchNorm', 'ReLU']);
    expect(graph.nodes.find((n) => n.id === ids[1])!.params).toEqual({ eps: 1e-3 });
    expect(inferGraph(graph).totals).toEqual(inferGraph(g).totals);
  });

  it('renumbers sub-node ids that are taken', () => {
    let g = emptyGraph();
    g = addNode(g, 'Inception', { x: 0, y: 0 }, {}, 'inc').graph;
    g = addNode(g, 'ReLU', { x: 400, y: 0 }, {}, 'inc_b1').graph;
    const { ids } = unwrap(explodeNode(g, 'inc'));
    expect(ids[0]).toBe('inc_b1_2');
  });

  it('refuses primitive nodes and blocks with invalid params, with a reason', () => {
    const g = loadPreset('googlenet');
    expect(canExplode(g, 'pool1')).toBe(false);
    expect(explodeNode(g, 'pool1')).toEqual({ ok: false, reason: 'pool1 is a MaxPool, not a block that can be exploded' });
    const bad = setParams(g, 'inception3a', { out1x1: 0 });
    expect(explodeNode(bad, 'inception3a')).toMatchObject({ ok: false, reason: expect.stringContaining('inception3a.out1x1') });
  });
});

describe('explodeAll', () => {
  it('leaves only primitive layers in googlenet, totals unchanged; inference stays fast', () => {
    const g = loadPreset('googlenet');
    const exploded = explodeAll(g);
    expect(exploded.nodes.every((n) => !['Inception', 'ConvBNReLU'].includes(n.kind))).toBe(true);
    const before = inferGraph(g);
    const after = inferGraph(exploded);
    expect(after.totals).toEqual(before.totals);
    expect(after.errors).toEqual([]);
    expect(overlapping(exploded)).toEqual([]);

    // Not asserted (timing depends on the machine); reported for docs/editor.md.
    const partly = g.nodes.filter((n) => n.kind === 'Inception').reduce((doc, n) => unwrap(explodeNode(doc, n.id)).graph, g);
    for (const [label, doc] of [['inceptions exploded', partly], ['fully exploded', exploded]] as const) {
      for (let i = 0; i < 100; i++) inferGraph(doc);
      const runs = 200;
      const times: number[] = [];
      for (let i = 0; i < runs; i++) {
        const edited = setParams(doc, 'fc', { units: 1000 + (i % 7) });
        const start = performance.now();
        inferGraph(edited);
        times.push(performance.now() - start);
      }
      times.sort((a, b) => a - b);
      console.log(`inferGraph, googlenet ${label} (${doc.nodes.length} nodes): median ${times[runs >> 1].toFixed(3)} ms, p95 ${times[Math.floor(runs * 0.95)].toFixed(3)} ms`);
    }
  });
});
