import { describe, expect, it } from 'vitest';
import { activationParams, quantizeBias, quantizePerChannel } from './quantMath';

describe('quantMath', () => {
  it('quantizes each output channel symmetrically with its own scale', () => {
    const { values, scales } = quantizePerChannel(Float32Array.of(1, -0.6, 0.25, 0, 0.021, -0.04, 0, 0, 0), 3);
    expect([...scales]).toEqual([Math.fround(1 / 127), Math.fround(0.04 / 127), Math.fround(1e-8)]);
    expect([...values]).toEqual([127, -76, 32, 0, 67, -127, 0, 0, 0]);
  });

  it('widens an activation range to hold zero and maps zero exactly', () => {
    expect(activationParams(0, 6)).toEqual({ scale: 6 / 255, zeroPoint: 0 });
    expect(activationParams(1, 2)).toEqual({ scale: 2 / 255, zeroPoint: 0 });
    const signed = activationParams(-1, 3);
    expect(signed.scale).toBeCloseTo(4 / 255, 12);
    expect(signed.zeroPoint).toBe(64);
    expect(() => activationParams(-Infinity, 1)).toThrow(/expected a finite range, found \[-Infinity, 1\]/);
  });

  it('writes biases in int32 at input scale × weight scale', () => {
    const { values, scales } = quantizeBias(Float32Array.of(0.5, -0.25), 0.1, Float32Array.of(0.01, 0.5));
    expect(scales[0]).toBeCloseTo(0.001, 9);
    expect([...values]).toEqual([500, -5]);
  });
});
