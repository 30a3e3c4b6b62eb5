import Elk from 'elkjs/lib/elk.bundled.js';
import { layeredLayout } from '../../src/graph/layout/layered';
import { routeEdges } from '../../src/graph/layout/route';
import type { Box } from '../../src/graph/layout/geometry';
import { denseNetLike, resNetLike } from '../../src/graph/layout/testing/graphs';

const SIZE = { width: 260, height: 72 };
const graphs = [
  { name: 'densenet-like', graph: denseNetLike([6, 12, 7]) },
  { name: 'resnet-like', graph: resNetLike(36) },
  { name: 'densenet-like', graph: denseNetLike([6, 12, 74, 48]) },
  { name: 'resnet-like', graph: resNetLike(180) },
];
const args = process.argv.slice(2);
const rounds = Number(args.find((a) => /^\d+$/.test(a)) ?? 5);
const withElk = args.includes('--elk');
for (const { name, graph } of graphs) {
  const place: number[] = [];
  const route: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t0 = performance.now();
    const positions = layeredLayout(graph, () => SIZE);
    const t1 = performance.now();
    const boxes = new Map<string, Box>(graph.nodes.map((n) => [n.id, { id: n.id, ...positions.get(n.id)!, ...SIZE }]));
    routeEdges(boxes, graph.edges);
    route.push(performance.now() - t1);
    place.push(t1 - t0);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  // ELK's layered algorithm (what Auto-layout used before), once, on the ~200-node graphs only: it takes minutes at 1,000.
  let elkMs: number | undefined;
  if (withElk && graph.nodes.length < 300) {
    const t0 = performance.now();
    await new Elk().layout({
      id: 'root',
      layoutOptions: { 'elk.algorithm': 'layered', 'elk.direction': 'DOWN', 'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES' },
      children: graph.nodes.map((n) => ({ id: n.id, ...SIZE })),
      edges: graph.edges.map((e) => ({ id: e.id, sources: [e.source], targets: [e.target] })),
    });
    elkMs = Math.round(performance.now() - t0);
  }
  console.log(JSON.stringify({ graph: name, nodes: graph.nodes.length, edges: graph.edges.length, placeMs: +median(place).toFixed(1), routeMs: +median(route).toFixed(1), rounds, elkMs }));
}
