import { describe, expect, it } from 'vitest';
import { formatCount, formatDuration, formatLoss, formatMacs, formatMegabytes, formatPercent, formatScaled } from './format';

describe('formatCount', () => {
  it('groups thousands with commas', () => {
    expect(formatCount(5998362)).toBe('5,998,362');
    expect(formatCount(0)).toBe('0');
    expect(formatCount(999)).toBe('999');
  });
});

describe('formatScaled', () => {
  it('uses one decimal and an SI prefix from a thousand up', () => {
    expect(formatScaled(229_000_000)).toBe('229.0 M');
    expect(formatScaled(1_580_000_000)).toBe('1.6 G');
    expect(formatScaled(12_345)).toBe('12.3 K');
    expect(formatScaled(512)).toBe('512');
  });

  it('names the unit in formatMacs', () => {
    expect(formatMacs(229_049_856)).toBe('229.0 M MACs');
  });
});

describe('formatMegabytes', () => {
  it('counts 4 bytes per weight in MiB', () => {
    expect(formatMegabytes(5998362 + 14560)).toBe('22.9 MB');
    expect(formatMegabytes(262144)).toBe('1.00 MB');
  });
});

describe('run numbers', () => {
  it('formats percentages, durations and losses, with a dash for nothing', () => {
    expect(formatPercent(0.625)).toBe('62.5 %');
    expect(formatPercent(null)).toBe('—');
    expect(formatDuration(65)).toBe('1:05');
    expect(formatDuration(7390)).toBe('2:03:10');
    expect(formatDuration(undefined)).toBe('—');
    expect(formatLoss(0.968123)).toBe('0.9681');
    expect(formatLoss(Number.NaN)).toBe('—');
  });
});
