import { describe, expect, it } from 'vitest';
import { emptyGraph, renameGraph } from '../../src/graph/ops';
import { emptyHistory, HISTORY_LIMIT, record, redo, seal, undo } from './undoHistory';

const doc = (name: string) => renameGraph(emptyGraph(), name);

describe('history', () => {
  it('undoes and redoes in order, and a new edit drops the redo stack', () => {
    const [a, b, c] = ['a', 'b', 'c'].map(doc);
    let h = record(emptyHistory(), a);
    h = record(h, b);
    const back = undo(h, c)!;
    expect(back.doc).toBe(b);
    const back2 = undo(back.history, back.doc)!;
    expect(back2.doc).toBe(a);
    expect(undo(back2.history, back2.doc)).toBeNull();
    const fwd = redo(back2.history, back2.doc)!;
    expect(fwd.doc).toBe(b);
    expect(record(fwd.history, fwd.doc).future).toEqual([]);
  });

  it('coalesces edits with the same key until sealed', () => {
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map(doc);
    let h = record(emptyHistory(), a, 'param:conv:filters');
    h = record(h, b, 'param:conv:filters');
    h = record(h, c, 'param:conv:filters');
    expect(h.past).toEqual([a]);
    h = record(seal(h), d, 'param:conv:filters');
    expect(h.past).toEqual([a, d]);
    expect(record(h, d, 'param:conv:kernel').past).toHaveLength(3);
  });

  it(`keeps at most ${HISTORY_LIMIT} steps`, () => {
    let h = emptyHistory();
    for (let i = 0; i < HISTORY_LIMIT + 50; i++) h = record(h, doc(String(i)));
    expect(h.past).toHaveLength(HISTORY_LIMIT);
    expect(h.past[0].name).toBe('50');
  });
});
