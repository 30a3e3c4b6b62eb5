import { describe, expect, it } from 'vitest';
import { mapsSource, whyNoMaps } from './nodeMaps';
import { gradCamNodeFor } from './tryItChoice';

describe('whyNoMaps', () => {
  it('has maps for a C×H×W output with more than one position', () => {
    expect(whyNoMaps('Conv2D', [16, 12, 12])).toBeNull();
    expect(whyNoMaps('MaxPool2D', [16, 1, 2])).toBeNull();
  });
  it('says why the input, flat outputs, 1×1 maps and unknown shapes have none', () => {
    expect(whyNoMaps('Input', [3, 28, 28])).toMatch(/image itself/);
    expect(whyNoMaps('Dense', [10])).toMatch(/10, a flat vector/);
    expect(whyNoMaps('GlobalAvgPool', [64, 1, 1])).toMatch(/64×1×1: one position per channel/);
    expect(whyNoMaps('Conv2D', null)).toMatch(/unknown/);
  });
});

describe('mapsSource', () => {
  const runs = [
    { id: 'r1', name: 'tiny', status: 'completed' },
    { id: 'r2', name: 'other', status: 'early-stopped' },
    { id: 'r3', name: 'tiny', status: 'running' },
  ];
  it('takes Try it’s run and image when the run is a finished run of the open design', () => {
    expect(mapsSource({ runId: 'r1', image: '/a.png' }, runs, 'tiny')).toEqual({ runId: 'r1', image: '/a.png' });
  });
  it('says what is needed otherwise', () => {
    expect(mapsSource({ runId: 'r1', image: '/a.png' }, runs, 'fresh')).toEqual({ need: expect.stringMatching(/finished run of “fresh”/) });
    expect(mapsSource({ runId: 'r2', image: '/a.png' }, runs, 'tiny')).toEqual({ need: expect.stringMatching(/run of “other”, not of “tiny”/) });
    expect(mapsSource({ runId: null, image: '/a.png' }, runs, 'tiny')).toEqual({ need: expect.stringMatching(/Choose a finished run of “tiny” in Try it/) });
    expect(mapsSource({ runId: 'r1', image: null }, runs, 'tiny')).toEqual({ need: expect.stringMatching(/Choose an image in Try it/) });
    expect(mapsSource({ runId: 'r3', image: '/a.png' }, runs.slice(2), 'tiny')).toEqual({ need: expect.stringMatching(/train it to the end/) });
  });
});

describe('gradCamNodeFor', () => {
  it('is the node picked for that run only', () => {
    expect(gradCamNodeFor({ runId: 'r1', node: 'conv2' }, 'r1')).toBe('conv2');
    expect(gradCamNodeFor({ runId: 'r1', node: 'conv2' }, 'r2')).toBeUndefined();
    expect(gradCamNodeFor(null, 'r1')).toBeUndefined();
  });
});
