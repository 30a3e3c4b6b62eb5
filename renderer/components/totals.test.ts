import { describe, expect, it } from 'vitest';
import { loadPreset } from '../../src/graph/presets';
import { setParams } from '../../src/graph/ops';
import { inferGraph } from '../../src/shapes/infer';
import { shapelessCount } from './totals';

describe('shapelessCount', () => {
  it('counts the layers an error leaves without a shape, which the totals would miss', () => {
    const doc = loadPreset('small-cnn');
    expect(shapelessCount(inferGraph(doc))).toBe(0);
    const first = doc.nodes.find((n) => n.kind === 'Conv2D' || n.kind === 'ConvBNReLU')!;
    const broken = inferGraph(setParams(doc, first.id, { kernel: 'abc' }));
    expect(broken.errors.map((e) => [e.nodeId, e.field])).toContainEqual([first.id, 'kernel']);
    expect(shapelessCount(broken)).toBeGreaterThan(1);
  });
});
