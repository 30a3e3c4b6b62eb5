import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPreset } from '../graph/presets';
import type { RuntimeSpeed } from '../contract/inference';
import { decideRuntime, rememberedTitles, rememberTitles, sizeClass } from './runtimeChoice';

const speed = (runtime: 'onnx' | 'tfjs', imagesPerSecond: number | null, error?: string): RuntimeSpeed => ({
  runtime, title: runtime === 'onnx' ? 'ONNX Runtime (onnxruntime-node)' : 'TF.js wasm', imagesPerSecond, rounds: imagesPerSecond ? [imagesPerSecond] : [], ...(error && { error }),
});

describe('the runtime choice', () => {
  it('takes the faster and says by how much, with the figures', () => {
    expect(decideRuntime([speed('tfjs', 10), speed('onnx', 150)], 'designs of 2^28 MACs')).toEqual({
      runtime: 'onnx', title: 'ONNX Runtime (onnxruntime-node)',
      reason: 'ONNX Runtime (onnxruntime-node): 15× faster than TF.js wasm on this machine (150 vs 10 images/s, median of 1 interleaved rounds, designs of 2^28 MACs)',
    });
    expect(decideRuntime([speed('tfjs', 100), speed('onnx', 95)], 'x').reason).toMatch(/^TF\.js wasm: about as fast as ONNX Runtime/);
  });

  it('keeps the runtime that runs when the other cannot, and refuses when none does', () => {
    expect(decideRuntime([speed('onnx', null, 'Unsupported op'), speed('tfjs', 9)], 'x')).toMatchObject({ runtime: 'tfjs', reason: expect.stringContaining('the only runtime that runs this model here (ONNX Runtime (onnxruntime-node): Unsupported op)') });
    expect(() => decideRuntime([speed('onnx', null, 'a'), speed('tfjs', null, 'b')], 'x')).toThrow(/no inference runtime runs this model here/);
  });

  it('puts designs in size classes by their MACs and input', () => {
    expect(sizeClass(loadPreset('googlenet-96'))).toMatch(/^2\^28 MACs, input 96×96×3$/);
    expect(sizeClass(loadPreset('small-cnn'))).not.toBe(sizeClass(loadPreset('googlenet-96')));
  });

  it('remembers the runtimes\' titles by the installed packages they loaded from, beside the measurements', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'inception-titles-'));
    try {
      const file = path.join(dir, 'cache', 'inference-speed.json');
      const titles = { onnx: 'ONNX Runtime (onnxruntime-node)', tfjs: 'TF.js wasm' };
      expect(await rememberedTitles(file, '@tensorflow/tfjs@4.22.0')).toBeNull();
      await rememberTitles(file, '@tensorflow/tfjs@4.22.0', titles);
      await rememberTitles(file, '@tensorflow/tfjs-node@4.22.0', { ...titles, tfjs: 'TF.js tfjs-node' });
      expect(await rememberedTitles(file, '@tensorflow/tfjs@4.22.0')).toEqual(titles);
      expect(await rememberedTitles(file, '@tensorflow/tfjs-node@4.22.0')).toEqual({ ...titles, tfjs: 'TF.js tfjs-node' });
      expect(await rememberedTitles(file, '@tensorflow/tfjs@4.23.0')).toBeNull();
      expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ format: 'inception-studio.inference-speed', entries: {} });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
