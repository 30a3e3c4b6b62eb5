import { describe, expect, it } from 'vitest';
import { float, int, padding } from '../../src/layers/params';
import { parseDraft, rangeHint } from './paramDraft';

describe('parseDraft', () => {
  const filters = int(64, 1, 100, 'Output channels', 'px');
  it('passes numbers through, in range or not, and keeps text that is not a number out', () => {
    expect(parseDraft(filters, ' 32 ')).toEqual({ ok: true, value: 32 });
    expect(parseDraft(filters, '0')).toEqual({ ok: true, value: 0 });
    expect(parseDraft(filters, '')).toEqual({ ok: false, message: 'expected a number from 1 to 100' });
    expect(parseDraft(filters, '3x')).toEqual({ ok: false, message: 'expected a number, got "3x"' });
    expect(parseDraft(float(0.5, 0, 1, 0.1, ''), '1e-3')).toEqual({ ok: true, value: 0.001 });
  });
  it('reads padding as "same" or a number', () => {
    const pad = padding(0, 255, '');
    expect(parseDraft(pad, 'SAME')).toEqual({ ok: true, value: 'same' });
    expect(parseDraft(pad, '2')).toEqual({ ok: true, value: 2 });
    expect(parseDraft(pad, 'valid').ok).toBe(false);
  });
  it('describes ranges', () => {
    expect(rangeHint(filters)).toBe('1–100 px');
  });
});
