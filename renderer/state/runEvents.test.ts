import { describe, expect, it, vi } from 'vitest';
import type { TrainEvent } from '../../src/contract/events';
import { mergeEvents, parseRunMessage } from './runEvents';

const skipped = (time: number): TrainEvent => ({ type: 'skipped', time, path: `/d/${time}.png`, reason: 'not an image' });

describe('parseRunMessage', () => {
  it('accepts a run event that fits the schema', () => {
    expect(parseRunMessage({ event: 'run', data: { runId: 'r', event: skipped(1) } })).toEqual({ runId: 'r', event: skipped(1) });
  });

  it('ignores other pushes and run events that do not fit', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(parseRunMessage({ event: 'other' })).toBeNull();
    expect(parseRunMessage({ event: 'run', data: { runId: 'r', event: { type: 'batch', time: 1 } } })).toBeNull();
    expect(warn).toHaveBeenCalledOnce();
    warn.mockRestore();
  });
});

describe('mergeEvents', () => {
  it('keeps pushed events newer than the last one read from the folder', () => {
    expect(mergeEvents([skipped(1), skipped(2)], [skipped(2), skipped(3)])).toEqual([skipped(1), skipped(2), skipped(3)]);
    expect(mergeEvents([], [skipped(5)])).toEqual([skipped(5)]);
  });
});
