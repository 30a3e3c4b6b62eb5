import { describe, expect, it } from 'vitest';
import { ApiError, ERROR_CODES } from '../service/errors';
import { cliErrorMessage, cliMessage } from './errorOptions';

describe('errors in the command line\'s words', () => {
  it('add the flag that does the fix the message names', () => {
    const text = "the design outputs 10 classes but the dataset has 3 (cat, dog, owl); set fc's units to 3";
    expect(cliMessage(text, 'fix-classes')).toBe(`${text} (--fix-classes does it)`);
    expect(cliErrorMessage(new ApiError(ERROR_CODES.BAD_REQUEST, text, 'fix-classes'))).toBe(`${text} (--fix-classes does it)`);
    expect(cliErrorMessage(new Error('no such folder'))).toBe('no such folder');
  });
});
