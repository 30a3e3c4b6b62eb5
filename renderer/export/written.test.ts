import { describe, expect, it } from 'vitest';
import { writtenSummary } from './written';

describe('writtenSummary', () => {
  it('says when an export holds no weights', () => {
    expect(writtenSummary({ format: 'PyTorch bundle', dir: '/x', files: ['a', 'b'], weights: false })).toBe('PyTorch bundle: 2 files, no weights, written to');
    expect(writtenSummary({ format: 'TF.js model', dir: '/x', files: ['model.json'], weights: true })).toBe('TF.js model: 1 file written to');
  });
});
