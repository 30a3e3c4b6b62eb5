import { describe, expect, it } from 'vitest';
import { loadPreset } from '../../src/graph/presets';
import { explodeAll } from '../../src/shapes/explode';
import { autoLayout, DEFAULT_NODE_SIZE } from './layout';

describe('autoLayout', () => {
  it('places an exploded GoogLeNet top to bottom without overlaps, keeping the top-left corner', async () => {
    const graph = explodeAll(loadPreset('googlenet-96'));
    const sizes = new Map(graph.nodes.map((n) => [n.id, n.kind === 'Concat' ? { width: 220, height: 52 } : DEFAULT_NODE_SIZE]));
    const positions = await autoLayout(graph, sizes);
    expect(positions.size).toBe(graph.nodes.length);
    const boxes = graph.nodes.map((n) => ({ id: n.id, ...positions.get(n.id)!, ...sizes.get(n.id)! }));
    for (const [i, a] of boxes.entries()) {
      for (const b of boxes.slice(i + 1)) {
        const apart = a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
        expect(apart, `${a.id} overlaps ${b.id}`).toBe(true);
      }
    }
    for (const edge of graph.edges) expect(positions.get(edge.target)!.y).toBeGreaterThan(positions.get(edge.source)!.y);
    expect(Math.min(...boxes.map((b) => b.x))).toBe(Math.min(...graph.nodes.map((n) => n.position.x)));
    expect(Math.min(...boxes.map((b) => b.y))).toBe(0);
  });
});
