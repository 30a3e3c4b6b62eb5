import { describe, expect, it } from 'vitest';
import { loadPreset } from '../presets';
import { explodeAll } from '../../shapes/explode';
import { boxesOverlap, polylineCrossesAny, type Box, type Size } from './geometry';
import { layeredLayout, packApart } from './layered';
import { routeEdges } from './route';
import { denseNetLike, resNetLike, type TestGraph } from './testing/graphs';

const WIDE: Size = { width: 260, height: 72 };

/** Lays the graph out, routes its edges and returns the boxes and routes. */
function laidOut(graph: TestGraph, sizeOf: (id: string) => Size = () => WIDE) {
  const positions = layeredLayout(graph, sizeOf);
  const boxes = new Map<string, Box>(graph.nodes.map((n) => [n.id, { id: n.id, ...positions.get(n.id)!, ...sizeOf(n.id) }]));
  const routes = routeEdges(boxes, graph.edges);
  return { positions, boxes, routes };
}

function expectNoOverlaps(boxes: ReadonlyMap<string, Box>) {
  const list = [...boxes.values()].sort((a, b) => a.y - b.y);
  for (const [i, a] of list.entries()) {
    for (let j = i + 1; j < list.length && list[j].y < a.y + a.height; j++) {
      expect(boxesOverlap(a, list[j]), `${a.id} overlaps ${list[j].id}`).toBe(false);
    }
  }
}

/** Every edge has a path from its source's bottom centre to its target's top centre that enters no other box. */
function expectRoutesAvoidBoxes(graph: TestGraph, boxes: ReadonlyMap<string, Box>, routes: ReturnType<typeof routeEdges>) {
  const all = [...boxes.values()];
  for (const edge of graph.edges) {
    const route = routes.get(edge.id);
    expect(route, `a route for ${edge.id}`).toBeDefined();
    const s = boxes.get(edge.source)!;
    const t = boxes.get(edge.target)!;
    expect(route![0]).toEqual({ x: s.x + s.width / 2, y: s.y + s.height });
    expect(route!.at(-1)).toEqual({ x: t.x + t.width / 2, y: t.y });
    const xs = route!.map((p) => p.x);
    const ys = route!.map((p) => p.y);
    const near = all.filter((b) => b !== s && b !== t && b.x < Math.max(...xs) && b.x + b.width > Math.min(...xs)
      && b.y < Math.max(...ys) && b.y + b.height > Math.min(...ys));
    const hit = polylineCrossesAny(route!, near, 0);
    expect(hit?.id, `${edge.id} runs through ${hit?.id}`).toBeUndefined();
  }
}

describe('layeredLayout', () => {
  it('keeps a chain in one straight column, each node below its input', () => {
    const graph = resNetLike(0);
    const { positions } = laidOut(graph);
    const xs = new Set(graph.nodes.map((n) => positions.get(n.id)!.x));
    expect(xs.size).toBe(1);
    for (const e of graph.edges) expect(positions.get(e.target)!.y).toBeGreaterThan(positions.get(e.source)!.y + WIDE.height);
  });

  it('lays out an exploded GoogLeNet without overlaps, branches in slot order, every edge clear of other boxes', () => {
    const doc = explodeAll(loadPreset('googlenet-96'));
    const sizeOf = (id: string) => (doc.nodes.find((n) => n.id === id)!.kind === 'Concat' ? { width: 220, height: 52 } : WIDE);
    const { positions, boxes, routes } = laidOut(doc, sizeOf);
    expectNoOverlaps(boxes);
    expectRoutesAvoidBoxes(doc, boxes, routes);
    const concat = doc.nodes.find((n) => n.kind === 'Concat')!;
    const branchHeads = doc.edges.filter((e) => e.target === concat.id).sort((a, b) => a.targetSlot - b.targetSlot)
      .map((e) => positions.get(e.source)!.x);
    expect(branchHeads).toEqual([...branchHeads].sort((a, b) => a - b));
  });

  it('routes a ResNet\'s skip connections around the column, in a lane beside it', () => {
    const graph = resNetLike(4);
    const { boxes, routes } = laidOut(graph);
    expectNoOverlaps(boxes);
    expectRoutesAvoidBoxes(graph, boxes, routes);
    // The identity skip of block 1 enters the Add from beside the conv it bypasses, not through it.
    const skip = routes.get('layer0_relu2__layer1_add__1')!;
    const conv = boxes.get('layer1_conv1')!;
    expect(skip.length).toBeGreaterThan(2);
    expect(Math.max(...skip.map((p) => p.x))).toBeGreaterThan(conv.x + conv.width);
  });

  it('lays out a DenseNet-121-shaped graph with every concatenation input routed clear of other boxes', () => {
    const graph = denseNetLike([6, 12, 24, 16]);
    const { boxes, routes } = laidOut(graph, (id) => ({ width: 220 + (id.length % 5) * 40, height: 72 + (id.length % 3) * 26 }));
    expectNoOverlaps(boxes);
    expectRoutesAvoidBoxes(graph, boxes, routes);
  });

  it('places a 1,000-node graph and nodes of different sizes without overlaps, every edge clear', () => {
    const graph = resNetLike(180);
    expect(graph.nodes.length).toBeGreaterThanOrEqual(990);
    const sizeOf = (id: string) => ({ width: 220 + (id.length % 7) * 30, height: 72 + (id.length % 3) * 20 });
    const { boxes, routes } = laidOut(graph, sizeOf);
    expectNoOverlaps(boxes);
    expectRoutesAvoidBoxes(graph, boxes, routes);
  });

  it('places every node of a design with a cycle, and routes the edge going back up around the boxes', () => {
    const graph = resNetLike(1);
    const back = { id: 'back', source: 'layer0_relu2', target: 'stem_conv', targetSlot: 1 };
    const cyclic = { nodes: graph.nodes, edges: [...graph.edges, back] };
    const { positions, boxes, routes } = laidOut(cyclic);
    expect(positions.size).toBe(graph.nodes.length);
    expectNoOverlaps(boxes);
    expectRoutesAvoidBoxes(cyclic, boxes, routes);
  });
});

describe('packApart', () => {
  it('leaves boxes that fit where they want to be and centres a crowded run on what its members want', () => {
    const apart = packApart([{ id: 'a', want: 0, width: 100 }, { id: 'b', want: 500, width: 100 }], 20);
    expect([...apart]).toEqual([['a', 0], ['b', 500]]);
    const crowded = packApart([{ id: 'a', want: 0, width: 100 }, { id: 'b', want: 0, width: 100 }, { id: 'c', want: 0, width: 100 }], 20);
    expect([...crowded]).toEqual([['a', -120], ['b', 0], ['c', 120]]);
  });
});
