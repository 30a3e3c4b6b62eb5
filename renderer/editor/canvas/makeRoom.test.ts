import { describe, expect, it } from 'vitest';
import { makeRoom } from './makeRoom';

const box = (id: string, x: number, y: number, height = 80) => ({ id, x, y, width: 220, height });

describe('makeRoom', () => {
  it('moves the nodes below a grown node down by its growth when it would cover one', () => {
    const boxes = [box('a', 0, 0, 200), box('b', 0, 120), box('c', 300, 240), box('side', 300, 0)];
    expect(makeRoom(boxes, 'a', 80)).toEqual(new Map([['b', { x: 0, y: 240 }], ['c', { x: 300, y: 360 }]]));
  });

  it('moves nothing when the growth covers nothing', () => {
    expect(makeRoom([box('a', 0, 0, 120), box('b', 0, 300)], 'a', 80).size).toBe(0);
    expect(makeRoom([box('a', 0, 0, 200), box('b', 400, 120)], 'a', 80).size).toBe(0);
  });
});
