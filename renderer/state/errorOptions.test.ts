import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client';
import { appErrorMessage } from './errorOptions';

const TEXT = "the design outputs 10 classes but the dataset has 3 (cat, dog, owl); set fc's units to 3";

describe('errors in the app\'s words', () => {
  it('say where the app does the fix the host named, never with command-line options', () => {
    const message = appErrorMessage(new ApiError(TEXT, 'BAD_REQUEST', 'startTraining', 'fix-classes'));
    expect(message).toBe(`${TEXT}; once the folder is chosen again on Dataset, the button under Design on the Train screen does it`);
    expect(message).not.toMatch(/--/);
  });

  it('leave other errors as the host said them', () => {
    expect(appErrorMessage(new ApiError('no such run', 'NOT_FOUND', 'getRun'))).toBe('no such run');
    expect(appErrorMessage(new ApiError('odd', 'BAD_REQUEST', 'getRun', 'an-option-of-a-newer-host'))).toBe('odd');
    expect(appErrorMessage('plain')).toBe('plain');
  });
});
