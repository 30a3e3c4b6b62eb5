import { describe, expect, it } from 'vitest';
import { int, resolveParams } from './params';

describe('resolveParams', () => {
  it('says an empty number field is empty, with the range to give, not `expected a number, got ""`', () => {
    const specs = { kernel: int(3, 1, 255, 'Kernel size') };
    expect(resolveParams(specs, { kernel: '' }).issues).toEqual([{ field: 'kernel', message: 'is empty: give a number from 1 to 255' }]);
    expect(resolveParams(specs, { kernel: 'abc' }).issues).toEqual([{ field: 'kernel', message: 'expected a number, got "abc"' }]);
  });
});
