import { describe, expect, it } from 'vitest';
import { UnsupportedOperatorsError } from './errors';

describe('UnsupportedOperatorsError', () => {
  it('says what is supported and what to do before listing every node that stopped the import', () => {
    const refusals = Array.from({ length: 8 }, (_, i) => ({ op: i % 2 ? 'Transpose' : 'Reshape', node: `/stage2/stage2.${i}/Reshape`, reason: 'no mapping for this operator' }));
    const lines = new UnsupportedOperatorsError(refusals).message.split('\n');
    expect(lines[0]).toBe("cannot import: 8 node(s) use operators that do not map onto the app's layers (operators: Reshape, Transpose).");
    expect(lines[1]).toMatch(/^Supported: convolutions .*Dense, Dropout and Softmax\.$/);
    expect(lines[2]).toMatch(/^What to do: export the model without these operators/);
    expect(lines.slice(4)).toHaveLength(8);
    expect(lines[4]).toBe('- Reshape "/stage2/stage2.0/Reshape" (no mapping for this operator)');
  });
});
