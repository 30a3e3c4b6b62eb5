import { describe, expect, it } from 'vitest';
import { autoEngineNotAsked } from './autoEngineAsk';

describe('autoEngineNotAsked', () => {
  it('asks for a valid design while Automatic is the chosen engine', () => {
    expect(autoEngineNotAsked('auto', 8)).toBeNull();
    expect(autoEngineNotAsked('auto', 5)).toBeNull();
  });

  it('does not ask (no measurement of another design) while the design has no size: none open, or errors', () => {
    expect(autoEngineNotAsked('auto', null)).toMatch(/once the design on the canvas is valid/);
  });

  it('does not ask while an engine is chosen by hand, valid design or not', () => {
    for (const engine of ['tfjs', 'torch'] as const) {
      expect(autoEngineNotAsked(engine, 8)).toMatch(/^Choose it to measure both engines/);
      expect(autoEngineNotAsked(engine, null)).toMatch(/^Choose it to measure both engines/);
    }
  });
});
