import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LAYERS } from '../../layers/catalog';
import { graphOf } from '../../torch/testing/graphs';
import { OnnxExportError } from './errors';
import { assertOnnxExportable } from './model';
import { OPERATORS } from './operators';
import { writeOnnx } from './writeOnnx';

const root = await mkdtemp(path.join(os.tmpdir(), 'onnx-model-'));
afterAll(() => rm(root, { recursive: true, force: true }));

function problemsOf(run: () => unknown): { nodeId: string | null; message: string }[] {
  try {
    run();
  } catch (error) {
    if (error instanceof OnnxExportError) return error.problems;
    throw error;
  }
  return [];
}

describe('which designs can be written as ONNX', () => {
  it('maps every primitive node kind of the catalog (blocks arrive expanded into them)', () => {
    const primitives = LAYERS.filter((l) => !l.composite).map((l) => l.kind);
    expect(primitives.filter((kind) => !OPERATORS[kind])).toEqual([]);
    expect(Object.keys(OPERATORS).sort()).toEqual([...primitives].sort());
  });

  it('refuses a design whose output is a feature map, naming the node, before writing anything', async () => {
    const graph = graphOf('feature map out', [
      ['input', 'Input', { height: 8, width: 8, channels: 1 }, []],
      ['features', 'Conv2D', { filters: 4, kernel: 3 }, ['input']],
    ]);
    expect(problemsOf(() => assertOnnxExportable(graph))).toEqual([
      { nodeId: 'features', message: expect.stringContaining('4×6×6 feature map') },
    ]);
    const out = path.join(root, 'refused');
    await expect(writeOnnx(graph, out)).rejects.toThrow(/node features: .*feature map.*Flatten or GlobalAvgPool/);
    expect(existsSync(path.join(out, 'model.onnx'))).toBe(false);
  });

  it('refuses weights that do not fit in one ONNX file (2 GB), naming the largest node', () => {
    const graph = graphOf('too large', [
      ['input', 'Input', { height: 128, width: 128, channels: 4 }, []],
      ['flat', 'Flatten', {}, ['input']],
      ['huge', 'Dense', { units: 65536 }, ['flat']],
      ['fc', 'Dense', { units: 10 }, ['huge']],
    ]);
    expect(problemsOf(() => assertOnnxExportable(graph))).toEqual([
      { nodeId: 'huge', message: expect.stringMatching(/^the weights take 17\.2 GB \(this node 17\.2 GB\), but one ONNX file holds at most 2 GB/) },
    ]);
  });

  it('lists every node in error at once, with the field', () => {
    const graph = graphOf('two errors', [
      ['input', 'Input', { height: 4, width: 4, channels: 1 }, []],
      ['too_big', 'Conv2D', { filters: 2, kernel: 7 }, ['input']],
      ['pool', 'MaxPool', { kernel: 2, stride: 2, padding: 2 }, ['input']],
      ['join', 'Concat', {}, ['too_big', 'pool']],
    ]);
    const problems = problemsOf(() => assertOnnxExportable(graph));
    expect(problems.map((p) => p.nodeId)).toEqual(['too_big', 'pool']);
    expect(problems[0].message).toMatch(/^kernel: /);
    expect(problems[1].message).toMatch(/^padding: /);
  });
});
