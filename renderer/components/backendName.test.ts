import { describe, expect, it } from 'vitest';
import { shortBackend } from './backendName';

describe('shortBackend', () => {
  it('names the device and precision of either engine in a few words', () => {
    expect(shortBackend('cpu: fp32, channels_last, 2 threads')).toBe('CPU · fp32');
    expect(shortBackend('cuda (NVIDIA H200): bf16, channels_last, 2 processes, nccl')).toBe('CUDA GPU · bf16');
    expect(shortBackend('mps: fp32')).toBe('Apple GPU · fp32');
    expect(shortBackend('wasm')).toBe('WebAssembly');
    expect(shortBackend('tensorflow-gpu')).toBe('TensorFlow GPU');
  });

  it('keeps a backend it does not know, short of its details', () => {
    expect(shortBackend('xpu: something, else')).toBe('xpu');
  });
});
