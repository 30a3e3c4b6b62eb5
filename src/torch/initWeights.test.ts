import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { freezeUpTo } from '../graph/freeze';
import { loadPreset } from '../graph/presets';
import { withClassCount } from '../shapes/classes';
import { generateTorchModule } from './codegen';
import { frozenModules, hasTrainableWeights } from '../torchRun/frozen';
import { matchInitialWeights } from './initWeights';
import { startNewTorchRun } from '../service/testing/preparedRuns';
import type { StoredTensor } from './safetensors';
import { torchToTfjs } from './weights';

/** A state_dict of the design with seeded values (counters 7). */
function stateDict(mappings: ReturnType<typeof generateTorchModule>['tensors']): Map<string, StoredTensor> {
  let seed = 1;
  const next = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) - 0.5;
  return new Map(mappings.map((m) => [m.torch, m.tfjs === null
    ? { dtype: 'I64', shape: [], data: BigInt64Array.of(7n) }
    : { dtype: 'F32', shape: m.shape, data: Float32Array.from({ length: m.shape.reduce((a, b) => a * b, 1) }, next) }]));
}

describe('matchInitialWeights', () => {
  const design = loadPreset('small-cnn');
  const source = stateDict(generateTorchModule(design).tensors);

  it('copies what matches by name and shape, from a PyTorch state_dict or converted TF.js weights', () => {
    const target = generateTorchModule(withClassCount(design, 4)).tensors;
    for (const from of [{ engine: 'torch' as const, tensors: source }, { engine: 'tfjs' as const, weights: torchToTfjs(source, generateTorchModule(design).tensors) }]) {
      const { tensors, record } = matchInitialWeights('run-1', from, target);
      expect(record).toEqual({ run: 'run-1', copied: 12, fresh: ['fc'], engine: from.engine, freshTensors: ['fc.weight', 'fc.bias'], unused: 2 });
      expect([...tensors.keys()].some((k) => k.startsWith('fc.'))).toBe(false);
      expect(tensors.get('conv2.0.weight')!.data).toEqual(source.get('conv2.0.weight')!.data);
      expect(tensors.get('conv1.1.running_var')!.data).toEqual(source.get('conv1.1.running_var')!.data);
      // Counters come from a PyTorch source only (TF.js has none; the runner's fresh value is 0).
      expect(tensors.get('conv1.1.num_batches_tracked')?.data).toEqual(from.engine === 'torch' ? BigInt64Array.of(7n) : undefined);
    }
  });

  it('leaves the modules it is told to (a head for other classes) fresh even when the shapes match', () => {
    const { tensors, record } = matchInitialWeights('run-1', { engine: 'torch', tensors: source }, generateTorchModule(design).tensors, new Set(['fc']));
    expect(record).toMatchObject({ copied: 12, fresh: ['fc'] });
    expect(tensors.has('fc.weight')).toBe(false);
    expect(matchInitialWeights('run-1', { engine: 'torch', tensors: source }, generateTorchModule(design).tensors).record).toMatchObject({ copied: 14, fresh: [], unused: 0 });
  });
});

describe('frozen modules', () => {
  it('names the generated modules of frozen nodes, and sees when nothing is left to train', async () => {
    const design = loadPreset('small-cnn');
    const module = generateTorchModule(design);
    const features = frozenModules(freezeUpTo(design, 'dropout'), module);
    expect(features).toEqual({ nodes: ['input', 'conv1', 'pool1', 'conv2', 'pool2', 'flatten', 'dropout'], modules: ['conv1', 'pool1', 'conv2', 'pool2', 'dropout'] });
    expect(hasTrainableWeights(module, features)).toBe(true);
    const everything = freezeUpTo(design, 'fc');
    expect(hasTrainableWeights(module, frozenModules(everything, module))).toBe(false);

    const runDir = await mkdtemp(path.join(os.tmpdir(), 'torch-all-frozen-'));
    try {
      const start = startNewTorchRun({ runDir, graph: everything, config: { data: { dir: runDir }, torch: { synthetic: { images: 20, classes: 10 } } } });
      await expect(start).rejects.toMatchObject({ code: 'BAD_DESIGN' });
      await expect(start).rejects.toThrow(/every node with weights is frozen \(input, conv1, .*fc\)/);
    } finally {
      await rm(runDir, { recursive: true, force: true });
    }
  });
});
