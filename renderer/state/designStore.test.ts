import { beforeEach, describe, expect, it } from 'vitest';
import { emptyGraph } from '../../src/graph/ops';
import { loadPreset } from '../../src/graph/presets';
import { selectDirty, selectReadOnly, useEditor } from './designStore';

const state = () => useEditor.getState();
const shape = (id: string) => state().inference?.nodes.get(id)?.shape;

/** Input 8×8×3 → Conv2D → Flatten → Dense, built through the store's actions. */
function build() {
  state().openDoc(emptyGraph('t'));
  const input = state().addLayer('Input', { x: 0, y: 0 })!;
  state().setParam(input, 'height', 8);
  state().setParam(input, 'width', 8);
  state().endTyping();
  const conv = state().addLayer('Conv2D', { x: 0, y: 110 }, input)!;
  const flat = state().addLayer('Flatten', { x: 0, y: 220 }, conv)!;
  const fc = state().addLayer('Dense', { x: 0, y: 330 }, flat)!;
  return { input, conv, flat, fc };
}

describe('editor store', () => {
  beforeEach(() => state().openDoc(emptyGraph()));

  it('adds layers with readable ids, connected after the given node, with live shapes', () => {
    const ids = build();
    expect(ids).toEqual({ input: 'input', conv: 'conv', flat: 'flatten', fc: 'fc' });
    expect(shape('conv')).toEqual([64, 6, 6]);
    expect(shape('fc')).toEqual([10]);
    expect(state().selection).toEqual(['fc']);
    expect(selectDirty(state())).toBe(true);
  });

  it('keeps a training design read-only until its run ends; another opened design stays editable', () => {
    const { fc } = build();
    const trained = state().doc;
    state().lockForRun('run-1');
    expect(selectReadOnly(state())).toBe(true);
    state().setParam(fc, 'units', 3);
    state().undo();
    state().removeSelection();
    expect(state().doc).toBe(trained);
    expect(state().notice).toMatchObject({ tone: 'error', text: expect.stringContaining('read-only while it trains (run run-1)') });
    state().unlock('other-run');
    expect(selectReadOnly(state())).toBe(true);
    state().unlock('run-1');
    state().setParam(fc, 'units', 3);
    expect(state().doc).not.toBe(trained);

    state().lockForRun('run-2');
    state().openDoc(emptyGraph('other'));
    expect(selectReadOnly(state())).toBe(false);
    expect(state().addLayer('Input', { x: 0, y: 0 })).toBe('input');
    state().unlock();
  });

  it('refuses a connection that cannot fit and says why', () => {
    build();
    const reason = state().connect('conv', 'fc');
    expect(reason).toContain('add a Flatten or GlobalAvgPool');
    expect(state().notice).toMatchObject({ tone: 'error', text: expect.stringContaining('Not connected') });
  });

  it('coalesces typing in one field into one undo step, and redoes it', () => {
    build();
    const before = state().doc;
    for (const v of [1, 12, 128]) state().setParam('conv', 'filters', v);
    expect(shape('conv')).toEqual([128, 6, 6]);
    state().undo();
    expect(state().doc).toBe(before);
    expect(shape('conv')).toEqual([64, 6, 6]);
    state().redo();
    expect(shape('conv')).toEqual([128, 6, 6]);
  });

  it('records no undo step for an edit that changes nothing visible', () => {
    build();
    const steps = state().history.past.length;
    state().setParam('conv', 'kernel', 3); // the default, until now left out
    state().endTyping();
    state().rename('t');
    expect(state().history.past.length).toBe(steps);
    // Typing away and back in one field: the step it opened goes, and the document is the one before.
    const before = state().doc;
    for (const v of [5, 'abc', 64]) state().setParam('conv', 'filters', v);
    expect(state().history.past.length).toBe(steps);
    expect(state().doc).toBe(before);
  });

  it('keeps a field\'s text that is no number in the design, so the node shows the same error as the field', () => {
    build();
    state().setParam('conv', 'kernel', 'abc');
    expect(state().inference!.errors).toContainEqual({ nodeId: 'conv', field: 'kernel', message: 'expected a whole number from 1 to 255, or [height, width] of them, got "abc"' });
    expect(shape('conv')).toBeNull();
  });

  it('records a move as one step and keeps the inference', () => {
    build();
    const inference = state().inference;
    state().moveNodes(new Map([['conv', { x: 300, y: 300 }], ['fc', { x: 300, y: 500 }]]));
    expect(state().inference).toBe(inference);
    state().undo();
    expect(state().doc!.nodes.find((n) => n.id === 'conv')!.position).toEqual({ x: 0, y: 110 });
  });

  it('copies and pastes a connected pair with its edge; duplicate and delete', () => {
    build();
    state().setSelection(['flatten', 'fc']);
    state().copy();
    state().paste();
    expect(state().selection).toEqual(['flatten_2', 'fc_2']);
    expect(state().doc!.edges.some((e) => e.source === 'flatten_2' && e.target === 'fc_2')).toBe(true);
    state().duplicate();
    expect(state().selection).toEqual(['flatten_3', 'fc_3']);
    state().removeSelection();
    expect(state().doc!.nodes.map((n) => n.id)).not.toContain('fc_3');
    state().setSelection(['flatten_2', 'fc_2']);
    state().cut();
    expect(state().doc!.nodes).toHaveLength(4);
    state().paste();
    expect(state().doc!.nodes).toHaveLength(6);
  });

  it('explodes an Inception with totals unchanged; undo brings the block back', () => {
    state().openDoc(loadPreset('googlenet'), { presetName: 'googlenet' });
    const totals = state().inference!.totals;
    state().explode('inception4a');
    expect(state().doc!.nodes.some((n) => n.id === 'inception4a')).toBe(false);
    expect(state().inference!.totals).toEqual(totals);
    expect(state().presetName).toBeNull();
    state().undo();
    expect(state().doc!.nodes.some((n) => n.id === 'inception4a')).toBe(true);
    state().explode('all');
    expect(state().inference!.totals).toEqual(totals);
    expect(state().doc!.nodes.every((n) => !['Inception', 'ConvBNReLU'].includes(n.kind))).toBe(true);
  });

  it('is clean after open and after a save of the current document, dirty after an edit', () => {
    build();
    const doc = state().doc!;
    state().markSaved(doc, '/w/designs/t.json');
    expect(selectDirty(state())).toBe(false);
    state().setParam('fc', 'units', 3);
    expect(selectDirty(state())).toBe(true);
    state().undo();
    expect(selectDirty(state())).toBe(false);
    state().openDoc(loadPreset('small-cnn'), { clean: false });
    expect(selectDirty(state())).toBe(true);
  });
  it('freezes up to a node and toggles one back, each an undo step; a read-only design stays as it is', () => {
    const { input, conv, flat, fc } = build();
    const frozenNow = () => state().doc!.nodes.filter((n) => n.frozen).map((n) => n.id);
    state().freezeUpTo(flat);
    expect(frozenNow()).toEqual([input, conv, flat]);
    state().setFrozen([conv], false);
    expect(frozenNow()).toEqual([input, flat]);
    state().setFrozen([conv], false);
    state().undo();
    expect(frozenNow()).toEqual([input, conv, flat]);
    state().undo();
    expect(frozenNow()).toEqual([]);
    state().redo();
    expect(frozenNow()).toEqual([input, conv, flat]);
    state().lockForRun('run-1');
    state().setFrozen([fc], true);
    expect(frozenNow()).toEqual([input, conv, flat]);
    expect(state().notice?.tone).toBe('error');
  });
});

describe('makeRoom', () => {
  it('moves nodes out from under expanded branches without marking the design unsaved or leaving the preset', () => {
    const doc = loadPreset('googlenet-96');
    useEditor.getState().openDoc(doc, { presetName: 'googlenet-96' });
    const below = doc.nodes.at(-1)!;
    useEditor.getState().makeRoom(new Map([[below.id, { x: below.position.x, y: below.position.y + 300 }]]));
    const s = useEditor.getState();
    expect(s.doc!.nodes.at(-1)!.position.y).toBe(below.position.y + 300);
    expect(s.presetName).toBe('googlenet-96');
    expect(selectDirty(s)).toBe(false);
    expect(s.history.past).toHaveLength(0);
  });
});
