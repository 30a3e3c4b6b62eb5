import { describe, expect, it } from 'vitest';
import { freezeUpTo } from '../graph/freeze';
import { loadPreset } from '../graph/presets';
import { inferGraph } from './infer';
import { trainableSplit } from './trainable';

describe('trainableSplit', () => {
  it('moves the parameters of frozen nodes out of the trainable total', () => {
    const graph = loadPreset('small-cnn');
    const inference = inferGraph(graph);
    expect(trainableSplit(graph, inference)).toEqual({ trainable: inference.totals.trainable, frozen: 0 });
    const head = graph.nodes.filter((n) => n.kind === 'Dense').at(-1)!;
    const beforeHead = graph.edges.find((e) => e.target === head.id)!.source;
    const split = trainableSplit(freezeUpTo(graph, beforeHead), inference);
    expect(split.trainable).toBe(inference.nodes.get(head.id)!.counts.trainable);
    expect(split.trainable + split.frozen).toBe(inference.totals.trainable);
  });
});
