import { describe, expect, it } from 'vitest';
import { getLayer } from '../../src/layers/catalog';
import { codeSpans, plainText } from './codeSpans';

describe('codeSpans', () => {
  it('turns backticked names into code and leaves no backtick in the text', () => {
    const parts = codeSpans(getLayer('Conv2D')!.description);
    expect(parts.filter((p) => p.code).map((p) => p.text)).toEqual(['filters']);
    expect(parts.some((p) => p.text.includes('`'))).toBe(false);
    expect(plainText('learns `filters` detectors')).toBe('learns filters detectors');
  });
});
