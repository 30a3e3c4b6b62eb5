import { describe, expect, it } from 'vitest';
import { boxesOverlap, polylineCrossesAny, type Box } from '../graph/layout/geometry';
import { nodeBoxSize } from '../graph/layout/nodeSize';
import { routeEdges } from '../graph/layout/route';
import type { GraphDoc } from '../graph/types';
import { inferGraph } from '../shapes/infer';
import { nodeText } from '../shapes/nodeText';
import { importModel } from './importModel';
import { torchMissing, torchvisionFile, torchvisionOnnx } from './testing/torchvision';

// 64×64, BatchNorm folded: the layers and names of 224×224 (both end in adaptive pooling); e2e/layout.spec.ts
// imports the same two files.
const EXPORT = { size: 64, modes: ['eval' as const] };
const counts = await torchvisionOnnx(['resnet18', 'densenet121'], EXPORT);
const skip = torchMissing(counts);

/** Each file imported once for the tests that read it. */
const imports = new Map<string, ReturnType<typeof importModel>>();
function imported(name: 'resnet18' | 'densenet121'): ReturnType<typeof importModel> {
  if (!imports.has(name)) imports.set(name, importModel(torchvisionFile(name, 'eval', EXPORT)));
  return imports.get(name)!;
}

/** Each node's box as the canvas draws it, at the position the import gave it. */
function boxes(graph: GraphDoc): Map<string, Box> {
  const inference = inferGraph(graph);
  return new Map(graph.nodes.map((n) => [n.id, { id: n.id, ...n.position, ...nodeBoxSize(nodeText(n, inference.nodes.get(n.id))) }]));
}

describe.skipIf(skip)('imported torchvision models (torch.onnx.export, random init) on the canvas', () => {
  it('names resnet18\'s nodes after its modules, also where BatchNorm was folded into the convolutions', async () => {
    const { graph } = await imported('resnet18');
    const ids = graph.nodes.map((n) => n.id);
    expect(ids).toEqual(expect.arrayContaining(['conv1', 'layer1_0_conv1', 'layer3_0_conv1', 'layer3_0_downsample_0', 'layer4_1_relu', 'fc']));
    expect(ids.filter((id) => id.startsWith('onnx_'))).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  for (const name of ['resnet18', 'densenet121'] as const) {
    it(`lays ${name} out with no two boxes overlapping and every edge routed clear of the other boxes`, async () => {
      const { graph } = await imported(name);
      const placed = boxes(graph);
      const list = [...placed.values()];
      for (const [i, a] of list.entries()) {
        for (const b of list.slice(i + 1)) expect(boxesOverlap(a, b), `${a.id} overlaps ${b.id}`).toBe(false);
      }
      const routes = routeEdges(placed, graph.edges);
      for (const edge of graph.edges) {
        const others = list.filter((b) => b.id !== edge.source && b.id !== edge.target);
        expect(polylineCrossesAny(routes.get(edge.id)!, others)?.id, edge.id).toBeUndefined();
      }
    });
  }
});
