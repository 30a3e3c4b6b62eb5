import { describe, expect, it } from 'vitest';
import { fromJobMessage, parseJobResult, toJobMessage } from './jobMessages';
import { parseTrainConfig } from './runConfig';

describe('job messages', () => {
  it('reads a classify batch with its rows, skipped files and progress', () => {
    const message = {
      type: 'classified',
      rows: [{ path: '/a.png', top: [{ label: 'cat', probability: 0.9 }] }],
      skipped: [{ path: '/b.png', code: 'empty', reason: 'empty file' }],
      progress: { done: 1, skipped: 1, total: null, imagesPerSecond: 12 },
    };
    expect(fromJobMessage.parse(message)).toEqual(message);
    expect(fromJobMessage.safeParse({ ...message, progress: { done: 1 } }).success).toBe(false);
  });

  it('checks a result against what its request promises, naming the field that does not fit', () => {
    const predictions = [{ path: '/a.png', top: [{ label: 'cat', probability: 0.9 }] }, { path: '/x.png', top: [], error: 'not an image' }];
    expect(parseJobResult('predict', predictions)).toEqual(predictions);
    expect(parseJobResult('exportTfjs', { files: ['model.json'] })).toEqual({ files: ['model.json'] });
    expect(() => parseJobResult('predict', [{ path: '/a.png', top: [{ label: 'cat' }] }])).toThrow(
      'the predict job answered with an unexpected result at 0.top.0.probability',
    );
    expect(() => parseJobResult('speed', { backend: 'cpu' })).toThrow('the speed job answered with an unexpected result at imagesPerSecond');
  });

  it('starts training only with a prepared run: its design, options and plan', () => {
    const graph = { format: 'inception-studio.graph', version: 2, name: 'g', nodes: [], edges: [] };
    const start = { type: 'start', runDir: '/runs/r', graph, config: parseTrainConfig({ data: { dir: '/data' } }), prepared: { classes: ['a', 'b'], resume: false } };
    expect(toJobMessage.parse(start)).toMatchObject({ type: 'start', fixClasses: false, prepared: { classes: ['a', 'b'] } });
    const { prepared: _prepared, ...unprepared } = start;
    expect(toJobMessage.safeParse(unprepared).success).toBe(false);
    expect(toJobMessage.safeParse({ type: 'start', runDir: '/runs/r' }).success).toBe(false);
  });
});
