/** What a key press asks the editor to do; null when it is not an editor shortcut. */
export type ShortcutCommand =
  | 'undo' | 'redo' | 'delete' | 'copy' | 'cut' | 'paste' | 'duplicate' | 'selectAll' | 'clearSelection'
  | 'save' | 'saveAs' | 'open' | 'layout' | 'fit' | 'help'
  | { quickAdd: string };

export interface KeyLike {
  key: string;
  code?: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

/** Maps a key press to an editor command (Ctrl on Linux/Windows, Cmd on macOS). */
export function shortcutFor(e: KeyLike): ShortcutCommand | null {
  const mod = e.ctrlKey || e.metaKey;
  const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
  if (mod && !e.altKey) {
    if (key === 'z') return e.shiftKey ? 'redo' : 'undo';
    if (key === 'y') return 'redo';
    if (key === 'c' && !e.shiftKey) return 'copy';
    if (key === 'x' && !e.shiftKey) return 'cut';
    if (key === 'v' && !e.shiftKey) return 'paste';
    if (key === 'd' && !e.shiftKey) return 'duplicate';
    if (key === 'a' && !e.shiftKey) return 'selectAll';
    if (key === 's') return e.shiftKey ? 'saveAs' : 'save';
    if (key === 'o' && !e.shiftKey) return 'open';
    if (key === 'l' && e.shiftKey) return 'layout';
    return null;
  }
  if (mod || e.altKey) return null;
  if (e.key === 'Delete' || e.key === 'Backspace') return 'delete';
  if (e.key === 'Escape') return 'clearSelection';
  if (e.key === '?') return 'help';
  if (e.shiftKey && (e.code === 'Digit1' || e.key === '!')) return 'fit';
  if (/^[a-z]$/i.test(e.key)) return { quickAdd: e.key };
  return null;
}

/** True when a key press belongs to a text field or a dialog, not to the canvas. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof Element)) return false;
  if (target.closest('[role="dialog"]')) return true;
  const tag = target.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || (target as HTMLElement).isContentEditable === true;
}
