import { readFileSync } from 'node:fs';
import { parseGraph } from '../../graph/schema';
import type { GraphDoc } from '../../graph/types';

/** A 28×28 grey design without pooling (Input → Conv2D → ReLU → Flatten → Dense), ending in logits. */
export function poolFreeDesign(): GraphDoc {
  const at = (y: number) => ({ x: 0, y });
  return {
    format: 'inception-studio.graph',
    version: 2,
    name: 'Pool-free CNN 28×28',
    nodes: [
      { id: 'input', kind: 'Input', params: { height: 28, width: 28, channels: 1 }, position: at(0) },
      { id: 'conv1', kind: 'Conv2D', params: { filters: 4, kernel: 3, stride: 2, padding: 1 }, position: at(120) },
      { id: 'relu1', kind: 'ReLU', params: {}, position: at(240) },
      { id: 'flatten', kind: 'Flatten', params: {}, position: at(360) },
      { id: 'fc', kind: 'Dense', params: { units: 10, bias: true }, position: at(480) },
    ],
    edges: [
      { id: 'input__conv1', source: 'input', target: 'conv1', targetSlot: 0 },
      { id: 'conv1__relu1', source: 'conv1', target: 'relu1', targetSlot: 0 },
      { id: 'relu1__flatten', source: 'relu1', target: 'flatten', targetSlot: 0 },
      { id: 'flatten__fc', source: 'flatten', target: 'fc', targetSlot: 0 },
    ],
  };
}

/** The design followed by a Softmax / Output node, so that the model gives probabilities. */
export function withSoftmaxOutput(graph: GraphDoc): GraphDoc {
  const last = graph.nodes.at(-1)!;
  return {
    ...graph,
    nodes: [...graph.nodes, { id: 'probabilities', kind: 'Output', params: {}, position: { x: 0, y: last.position.y + 120 } }],
    edges: [...graph.edges, { id: `${last.id}__probabilities`, source: last.id, target: 'probabilities', targetSlot: 0 }],
  };
}

/**
 * The design used by the export tests: the Small CNN preset, pooling included (stock TF.js loads it). Read
 * from its file rather than through `loadPreset`, whose JSON imports Playwright's loader cannot take.
 */
export function EXPORT_TEST_DESIGN(): GraphDoc {
  const parsed = parseGraph(JSON.parse(readFileSync(new URL('../../../assets/presets/small-cnn.json', import.meta.url), 'utf8')));
  if (!parsed.ok) throw new Error(`small-cnn preset: ${parsed.errors[0].message}`);
  return parsed.graph;
}
