import { describe, expect, it } from 'vitest';
import { axes, float, int, padding } from '../../../src/layers/params';
import { formatValue, parseDraft, rangeHint, sameValue } from './paramDraft';

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
  it('reads one number or one per axis (1×7, 1x7, 1,7, 1 7), height first', () => {
    const kernel = axes(3, 1, 255, '');
    expect(parseDraft(kernel, '5')).toEqual({ ok: true, value: 5 });
    for (const text of ['1×7', '1x7', '1, 7', '1 7']) expect(parseDraft(kernel, text)).toEqual({ ok: true, value: [1, 7] });
    expect(parseDraft(kernel, '1×').ok).toBe(false);
    expect(parseDraft(kernel, '1×7×3').ok).toBe(false);
    expect(parseDraft(padding(0, 255, ''), '0,3')).toEqual({ ok: true, value: [0, 3] });
    expect(formatValue([0, 3])).toBe('0×3');
    expect(sameValue([0, 3], [0, 3])).toBe(true);
    expect(sameValue([0, 3], [3, 0])).toBe(false);
  });
  it('describes ranges', () => {
    expect(rangeHint(filters)).toBe('1–100 px');
  });
});
