import { describe, expect, it } from 'vitest';
import { explainTrainingError } from './jobErrors';

describe('explainTrainingError', () => {
  it("turns the wasm backend's bare abort into a cause and a way out", () => {
    const text = explainTrainingError('Aborted(). Build with -sASSERTIONS for more info.');
    expect(text).toMatch(/WebAssembly backend/);
    expect(text).toMatch(/smaller batch size/);
    expect(text).toMatch(/resume/);
  });

  it('leaves every other message as it is', () => {
    expect(explainTrainingError('the loss became NaN at step 3')).toBe('the loss became NaN at step 3');
  });
});
