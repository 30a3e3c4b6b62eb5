import { describe, expect, it } from 'vitest';
import { boxesOverlap, polylineCrossesAny } from '../../../src/graph/layout/geometry';
import { loadPreset } from '../../../src/graph/presets';
import { explodeAll } from '../../../src/shapes/explode';
import { autoLayout, DEFAULT_NODE_SIZE, edgeRoutes } from './layout';
import { runLayoutJob } from './layoutJobs';

describe('autoLayout', () => {
  it('places an exploded GoogLeNet top to bottom without overlaps, keeping the top-left corner', () => {
    const graph = explodeAll(loadPreset('googlenet-96'));
    const sizes = new Map(graph.nodes.map((n) => [n.id, n.kind === 'Concat' ? { width: 220, height: 52 } : DEFAULT_NODE_SIZE]));
    const positions = autoLayout(graph, sizes);
    expect(positions.size).toBe(graph.nodes.length);
    const boxes = graph.nodes.map((n) => ({ id: n.id, ...positions.get(n.id)!, ...sizes.get(n.id)! }));
    for (const [i, a] of boxes.entries()) {
      for (const b of boxes.slice(i + 1)) expect(boxesOverlap(a, b), `${a.id} overlaps ${b.id}`).toBe(false);
    }
    for (const edge of graph.edges) expect(positions.get(edge.target)!.y).toBeGreaterThan(positions.get(edge.source)!.y);
    expect(Math.min(...boxes.map((b) => b.x))).toBe(Math.min(...graph.nodes.map((n) => n.position.x)));
    expect(Math.min(...boxes.map((b) => b.y))).toBe(Math.min(...graph.nodes.map((n) => n.position.y)));

    const routes = edgeRoutes(boxes, graph.edges);
    for (const edge of graph.edges) {
      const others = boxes.filter((b) => b.id !== edge.source && b.id !== edge.target);
      expect(polylineCrossesAny(routes.get(edge.id)!, others)?.id, edge.id).toBeUndefined();
    }
  });
});

describe('runLayoutJob', () => {
  it('answers the worker\'s jobs with plain data that survives structured cloning', () => {
    const graph = loadPreset('small-cnn');
    const answer = runLayoutJob({ kind: 'layout', graph, sizes: graph.nodes.map((n) => [n.id, DEFAULT_NODE_SIZE]) });
    expect(answer.kind).toBe('layout');
    expect(structuredClone(answer)).toEqual(answer);
    if (answer.kind !== 'layout') return;
    const boxes = answer.positions.map(([id, p]) => ({ id, ...p, ...DEFAULT_NODE_SIZE }));
    const routed = runLayoutJob({ kind: 'route', boxes, edges: graph.edges });
    expect(routed.kind === 'route' && routed.routes.length).toBe(graph.edges.length);
  });
});
