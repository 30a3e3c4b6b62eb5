import { describe, expect, it } from 'vitest';
import { API_ARGS, API_METHODS, isApiMethod } from './api';

describe('the service API table', () => {
  it('lists each method of the table once, in its order', () => {
    expect(API_METHODS).toEqual(Object.keys(API_ARGS));
    expect(new Set(API_METHODS).size).toBe(API_METHODS.length);
    expect(API_METHODS).toContain('startTraining');
  });

  it('knows only its own methods, not what every object has', () => {
    expect(isApiMethod('listRuns')).toBe(true);
    for (const name of ['toString', '__proto__', 'constructor', 'hasOwnProperty', 'deleteEverything', 42, null]) {
      expect(isApiMethod(name)).toBe(false);
    }
  });

  it('validates argument tuples, optional trailing arguments included', () => {
    expect(API_ARGS.predict.safeParse(['20261127-231502-x', ['/a.png']]).success).toBe(true);
    expect(API_ARGS.predict.safeParse(['20261127-231502-x', ['/a.png'], 3]).success).toBe(true);
    expect(API_ARGS.predict.safeParse(['20261127-231502-x', []]).success).toBe(false);
    expect(API_ARGS.classificationPage.safeParse(['abc', { offset: 0, limit: 10, sort: 'label', descending: false }]).success).toBe(true);
    expect(API_ARGS.classificationPage.safeParse(['abc', { offset: 0, limit: 10, sort: 'size', descending: false }]).success).toBe(false);
  });
});
