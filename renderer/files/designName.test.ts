import { describe, expect, it } from 'vitest';
import { nameFromFile, UNTITLED } from './designName';

describe('nameFromFile', () => {
  it('names an untitled design after the file it is saved as', () => {
    expect(UNTITLED).toBe('Untitled');
    expect(nameFromFile('Untitled', '/home/me/InceptionStudio/designs/mnist net.json')).toBe('mnist net');
    expect(nameFromFile('', 'C:\\designs\\digits.JSON')).toBe('digits');
    expect(nameFromFile('Untitled', 'hand-built')).toBe('hand-built');
  });

  it('leaves a name the user gave alone', () => {
    expect(nameFromFile('Small CNN 28×28 (fast demo)', '/x/mine.json')).toBeNull();
  });
});
