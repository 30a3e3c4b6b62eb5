import { describe, expect, it } from 'vitest';
import { loadPreset } from '../graph/presets';
import type { RuntimeSpeed } from '../contract/inference';
import { decideRuntime, sizeClass } from './runtimeChoice';

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
});
