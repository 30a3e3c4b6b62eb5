import { describe, expect, it } from 'vitest';
import { loadPreset } from '../../src/graph/presets';
import { setParams } from '../../src/graph/ops';
import { inferGraph } from '../../src/shapes/infer';
import { shapelessCount, totalsWaitReason } from './totals';

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

describe('totalsWaitReason', () => {
  it('gives the status bar and the side panel one reason to hold the totals back, and none for a sound design', () => {
    const doc = loadPreset('small-cnn');
    expect(totalsWaitReason(inferGraph(doc))).toBeNull();
    const first = doc.nodes.find((n) => n.kind === 'Conv2D' || n.kind === 'ConvBNReLU')!;
    expect(totalsWaitReason(inferGraph(setParams(doc, first.id, { kernel: 'abc' })))).toMatch(/^\d+ layers have no shape until the errors are fixed/);
  });
});
