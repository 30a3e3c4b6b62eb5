import { useEffect, useRef } from 'react';
import { useAutoLayout } from './canvas/useAutoLayout';
import type { FileCommands } from '../files/useFileCommands';
import { useEditor } from '../state/designStore';
import { isTypingTarget, shortcutFor } from './shortcuts';

interface EditorShortcutsProps {
  /** False while another screen shows: keys then belong to it. */
  enabled: boolean;
  files: FileCommands;
  onHelp(): void;
  onQuickAdd(initial: string): void;
}

/** The editor's keyboard handling, on the whole window; keys typed in fields and dialogs are left alone. */
export function EditorShortcuts(props: EditorShortcutsProps) {
  const latest = useRef(props);
  latest.current = props;
  const autoLayout = useAutoLayout();

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (!latest.current.enabled || event.defaultPrevented || event.isComposing || isTypingTarget(event.target)) return;
      const command = shortcutFor(event);
      // Copy, cut and paste go through the browser's clipboard events (below), which the native Edit
      // menu raises too: the key is left to the browser so that it raises them.
      if (!command || command === 'copy' || command === 'cut' || command === 'paste') return;
      const editor = useEditor.getState();
      const { files, onHelp, onQuickAdd } = latest.current;
      event.preventDefault();
      if (typeof command === 'object') {
        if (editor.doc) onQuickAdd(command.quickAdd);
        return;
      }
      switch (command) {
        case 'undo': return editor.undo();
        case 'redo': return editor.redo();
        case 'delete': return editor.removeSelection();
        case 'duplicate': return editor.duplicate();
        case 'selectAll': return editor.selectAll();
        case 'clearSelection': return editor.setSelection([], []);
        case 'save': return files.save();
        case 'saveAs': return files.saveAs();
        case 'open': return files.open();
        case 'layout': return void autoLayout();
        case 'fit': return editor.requestFit('all');
        case 'help': return onHelp();
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [autoLayout]);

  useEffect(() => {
    const ours = (event: ClipboardEvent) =>
      latest.current.enabled && !event.defaultPrevented && !isTypingTarget(event.target) && !hasTextSelection();
    const onCopy = (event: ClipboardEvent, cut: boolean) => {
      const editor = useEditor.getState();
      if (!ours(event) || !editor.doc || editor.selection.length === 0) return;
      if (cut) editor.cut();
      else editor.copy();
      const text = useEditor.getState().clipboardText;
      if (text && event.clipboardData) {
        event.clipboardData.setData('text/plain', text);
        event.preventDefault();
      }
    };
    const copy = (event: ClipboardEvent) => onCopy(event, false);
    const cut = (event: ClipboardEvent) => onCopy(event, true);
    const paste = (event: ClipboardEvent) => {
      if (!ours(event) || !useEditor.getState().doc) return;
      const text = event.clipboardData ? event.clipboardData.getData('text/plain') : null;
      if (useEditor.getState().pasteText(text)) event.preventDefault();
    };
    document.addEventListener('copy', copy);
    document.addEventListener('cut', cut);
    document.addEventListener('paste', paste);
    return () => {
      document.removeEventListener('copy', copy);
      document.removeEventListener('cut', cut);
      document.removeEventListener('paste', paste);
    };
  }, []);

  return null;
}

/** Text selected on the page (a label, a message): Ctrl+C then copies that text, not nodes. */
function hasTextSelection(): boolean {
  const selection = window.getSelection();
  return selection !== null && !selection.isCollapsed && selection.toString().trim() !== '';
}

