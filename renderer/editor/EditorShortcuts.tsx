import { useEffect, useRef } from 'react';
import { useAutoLayout } from '../canvas/useAutoLayout';
import type { FileCommands } from '../files/useFileCommands';
import { useEditor } from '../store';
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
      if (!command) return;
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
        case 'copy': return editor.copy();
        case 'cut': return editor.cut();
        case 'paste': return editor.paste();
        case 'duplicate': return editor.duplicate();
        case 'selectAll': return editor.selectAll();
        case 'clearSelection': return editor.setSelection([], []);
        case 'save': return files.save();
        case 'saveAs': return files.saveAs();
        case 'open': return files.open();
        case 'layout': return void autoLayout();
        case 'fit': return editor.requestFit();
        case 'help': return onHelp();
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [autoLayout]);

  return null;
}
