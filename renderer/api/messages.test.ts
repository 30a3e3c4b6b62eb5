import { describe, expect, it } from 'vitest';
import { parseServerMessage } from './messages';

describe('parseServerMessage', () => {
  it('reads replies and events', () => {
    expect(parseServerMessage({ id: 4, ok: true, result: [1] })).toEqual({ type: 'reply', reply: { id: 4, ok: true, result: [1] } });
    expect(parseServerMessage({ event: 'run.done', run: 'r1' })).toEqual({ type: 'event', event: { event: 'run.done', run: 'r1' } });
  });

  it('fills in a failure without a message or code', () => {
    expect(parseServerMessage({ id: 1, ok: false })).toEqual({
      type: 'reply',
      reply: { id: 1, ok: false, error: { message: 'the host reported an error without a message', code: 'UNKNOWN' } },
    });
  });

  it('keeps the option that fixes an error, apart from its message', () => {
    expect(parseServerMessage({ id: 2, ok: false, error: { message: 'set fc\'s units to 3', code: 'BAD_REQUEST', option: 'fix-classes' } })).toEqual({
      type: 'reply',
      reply: { id: 2, ok: false, error: { message: 'set fc\'s units to 3', code: 'BAD_REQUEST', option: 'fix-classes' } },
    });
  });

  it('says what is wrong with anything else', () => {
    expect(parseServerMessage([1])).toEqual({ type: 'invalid', problem: 'expected a JSON object, got an array' });
    expect(parseServerMessage({ id: '7', ok: true })).toEqual({
      type: 'invalid',
      problem: 'expected a numeric "id" or a string "event", got id "7"',
    });
    expect(parseServerMessage({ id: 7, ok: 'yes' })).toEqual({
      type: 'invalid',
      problem: 'reply 7: expected "ok" to be true or false, got "yes"',
    });
  });
});
