import { useState, type ReactNode } from 'react';
import type { FileCommands } from '../files/useFileCommands';
import { useEditor } from '../state/designStore';
import { useHost } from '../state/hostStore';
import { CanvasToolbar } from './canvas/CanvasToolbar';
import { GraphCanvas } from './canvas/GraphCanvas';
import { Overview } from './canvas/Overview';
import { EditorShortcuts } from './EditorShortcuts';
import { NoticeToast } from './NoticeToast';
import { Inspector } from './panels/InspectorPanel';
import { Palette } from './panels/Palette';
import { QuickAdd } from './panels/QuickAdd';
import { StatusBar } from './StatusBar';
import { TrainingLockBanner } from './TrainingLockBanner';

interface EditorScreenProps {
  files: FileCommands;
  /** False while another screen shows. */
  active: boolean;
  onHelp(): void;
  /** Shown above the inspector while nothing is selected (the shell's welcome card). */
  welcome: ReactNode;
}

/** Palette, canvas and inspector, the status bar, and the keyboard handling that drives them. */
export function EditorScreen({ files, active, onHelp, welcome }: EditorScreenProps) {
  const [quickAdd, setQuickAdd] = useState<string | null>(null);
  const engines = useHost((s) => s.engines);
  const nothingSelected = useEditor((s) => s.selection.length === 0 && s.selectedEdges.length === 0);
  return (
    <>
      <TrainingLockBanner />
      <div className="app__body">
        <Palette />
        <main className="app__canvas">
          <CanvasToolbar />
          <div className="app__canvas-area">
            <GraphCanvas />
            {quickAdd !== null && <QuickAdd initial={quickAdd} onClose={() => setQuickAdd(null)} />}
            <NoticeToast />
          </div>
        </main>
        <div className="app__side">
          {nothingSelected && welcome}
          <Inspector />
          <Overview />
        </div>
      </div>
      <StatusBar engines={engines} />
      <EditorShortcuts enabled={active} files={files} onHelp={onHelp} onQuickAdd={setQuickAdd} />
    </>
  );
}
