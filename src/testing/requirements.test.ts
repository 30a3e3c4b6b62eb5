import { afterEach, describe, expect, it, vi } from 'vitest';
import { MissingRequirementError, needs, skipReason, underCi, type Requirement } from './requirements';

const present: Requirement = { name: 'chalk', missing: null };
const torch: Requirement = { name: 'torch', missing: 'no Python here imports torch' };
const images: Requirement = { name: 'Fashion-MNIST', missing: 'its IDX files are not in /usr/share/datasets/fashion-mnist' };

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe('underCi', () => {
  it.each([
    [undefined, false], ['', false], ['0', false], ['false', false], [' FALSE ', false],
    ['true', true], ['1', true], ['yes', true],
  ])('CI=%j is %s', (value, expected) => {
    expect(underCi(value === undefined ? {} : { CI: value })).toBe(expected);
  });
});

describe('outside CI', () => {
  it('runs when everything is present, and says nothing', () => {
    vi.stubEnv('CI', '');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(needs(present)).toBe(true);
    expect(needs()).toBe(true);
    expect(skipReason(present)).toBeNull();
    expect(warn).not.toHaveBeenCalled();
  });

  it('skips when something is missing, printing what and why, every missing thing named', () => {
    vi.stubEnv('CI', 'false');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(needs(present, torch, images)).toBe(false);
    expect(warn).toHaveBeenCalledWith('skipped: needs torch: no Python here imports torch; and Fashion-MNIST: its IDX files are not in /usr/share/datasets/fashion-mnist');
    expect(skipReason(torch)).toBe('needs torch: no Python here imports torch');
  });
});

describe('under CI', () => {
  it('still runs when everything is present', () => {
    vi.stubEnv('CI', 'true');
    expect(needs(present)).toBe(true);
    expect(skipReason(present)).toBeNull();
  });

  it('fails instead of skipping when something is missing, with the reason', () => {
    vi.stubEnv('CI', 'true');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(() => needs(present, torch)).toThrow(MissingRequirementError);
    expect(() => needs(torch)).toThrow(/^needs torch: no Python here imports torch\. CI installs it/);
    expect(() => skipReason(images)).toThrow(/Fashion-MNIST: its IDX files are not in/);
    expect(warn).not.toHaveBeenCalled();
  });
});
