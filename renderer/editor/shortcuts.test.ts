import { describe, expect, it } from 'vitest';
import { shortcutFor } from './shortcuts';

const press = (key: string, mods: Partial<{ ctrl: boolean; meta: boolean; shift: boolean; alt: boolean }> = {}, code?: string) =>
  shortcutFor({ key, code, ctrlKey: !!mods.ctrl, metaKey: !!mods.meta, shiftKey: !!mods.shift, altKey: !!mods.alt });

describe('shortcutFor', () => {
  it('maps undo and both redo chords, on Ctrl and Cmd', () => {
    expect(press('z', { ctrl: true })).toBe('undo');
    expect(press('Z', { ctrl: true, shift: true })).toBe('redo');
    expect(press('y', { ctrl: true })).toBe('redo');
    expect(press('z', { meta: true })).toBe('undo');
  });
  it('maps clipboard, selection, file and canvas commands', () => {
    expect(['c', 'x', 'v', 'd', 'a', 's', 'o'].map((k) => press(k, { ctrl: true })))
      .toEqual(['copy', 'cut', 'paste', 'duplicate', 'selectAll', 'save', 'open']);
    expect(press('S', { ctrl: true, shift: true })).toBe('saveAs');
    expect(press('L', { ctrl: true, shift: true })).toBe('layout');
    expect(press('!', { shift: true }, 'Digit1')).toBe('fit');
    expect(press('Delete')).toBe('delete');
    expect(press('Backspace')).toBe('delete');
    expect(press('?', { shift: true })).toBe('help');
  });
  it('opens quick-add on a plain letter and ignores other keys', () => {
    expect(press('c')).toEqual({ quickAdd: 'c' });
    expect(press('I', { shift: true })).toEqual({ quickAdd: 'I' });
    expect(press('1')).toBeNull();
    expect(press('q', { ctrl: true })).toBeNull();
    expect(press('c', { alt: true })).toBeNull();
  });
});
