import { ReactFlowProvider } from '@xyflow/react';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { InceptionHostBridge, MenuCommand } from '../electron/bridge';
import type { EnginesReport, PresetInfo } from '../src/service/api';
import { ApiError } from './api/client';
import { api } from './api/instance';
import { CanvasToolbar } from './canvas/CanvasToolbar';
import { GraphCanvas } from './canvas/GraphCanvas';
import { Overview } from './canvas/Overview';
import { ConnectionBanner, ErrorBanner } from './components/ConnectionBanner';
import { NoticeToast } from './components/NoticeToast';
import { RestoreBanner } from './components/RestoreBanner';
import { StatusBar } from './components/StatusBar';
import { TopBar } from './components/TopBar';
import { FileDialogs } from './dialogs/FileDialogs';
import { HelpOverlay } from './dialogs/HelpOverlay';
import { EditorShortcuts } from './editor/EditorShortcuts';
import { useAutosave, useAutosaveOffer } from './files/useAutosave';
import { useFileCommands, type FileCommands } from './files/useFileCommands';
import { Inspector } from './panels/InspectorPanel';
import { Palette } from './panels/Palette';
import { QuickAdd } from './panels/QuickAdd';
import { selectDirty, useEditor } from './store';

/** Shown at start when nothing else is open, so the first screen is never empty. */
const DEFAULT_PRESET = 'googlenet-96';

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));
/** The connection banner already says so; no second message for each failed call. */
const isConnectionLoss = (error: unknown): boolean => error instanceof ApiError && error.code === 'CONNECTION_LOST';

const hostBridge = (): InceptionHostBridge | undefined => (window as { inceptionHost?: InceptionHostBridge }).inceptionHost;

export function App() {
  const openCount = useEditor((s) => s.openCount);
  const [presets, setPresets] = useState<PresetInfo[]>([]);
  const [engines, setEngines] = useState<EnginesReport | Error | null>(null);
  const [nativeDialogs, setNativeDialogs] = useState(() => Boolean(hostBridge()));
  const [problem, setProblem] = useState<string | null>(null);
  const [help, setHelp] = useState(false);

  const report = useCallback((what: string, error: unknown) => {
    if (!isConnectionLoss(error)) setProblem(`${what}: ${messageOf(error)}`);
  }, []);
  const files = useFileCommands(api, nativeDialogs, report);
  const autosaveOffer = useAutosaveOffer(api);
  useAutosave(api, autosaveOffer.offer !== null);
  useMenuCommands(files);
  useWindowTitle();

  const { loadPreset } = files;
  useEffect(() => {
    let live = true;
    api.listPresets().then(
      (list) => live && setPresets(list),
      (error) => live && report('Could not list the presets', error),
    );
    api.engines().then(
      (list) => live && setEngines(list),
      (error) => live && setEngines(error instanceof Error ? error : new Error(String(error))),
    );
    api.hostInfo().then((info) => live && setNativeDialogs(info.nativeDialogs), () => undefined);
    if (!useEditor.getState().doc) loadPreset(DEFAULT_PRESET, { force: true });
    return () => {
      live = false;
    };
  }, [loadPreset, report]);

  return (
    <div className="app">
      <TopBar presets={presets} files={files} onHelp={() => setHelp(true)} />
      <ConnectionBanner api={api} />
      {autosaveOffer.offer && <RestoreBanner offer={autosaveOffer.offer} onRestore={autosaveOffer.restore} onDiscard={autosaveOffer.discard} />}
      {problem && <ErrorBanner message={problem} onDismiss={() => setProblem(null)} />}
      {/* One React Flow store per opened design: the canvas, and everything that steers it, start afresh. */}
      <ReactFlowProvider key={openCount}>
        <Workspace engines={engines} files={files} onHelp={() => setHelp(true)} />
      </ReactFlowProvider>
      <FileDialogs files={files} />
      {help && <HelpOverlay onClose={() => setHelp(false)} />}
    </div>
  );
}

interface WorkspaceProps {
  engines: EnginesReport | Error | null;
  files: FileCommands;
  onHelp(): void;
}

/** Palette, canvas and inspector, the status bar, and the keyboard handling that drives them. */
function Workspace({ engines, files, onHelp }: WorkspaceProps) {
  const [quickAdd, setQuickAdd] = useState<string | null>(null);
  return (
    <>
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
          <Inspector />
          <Overview />
        </div>
      </div>
      <StatusBar engines={engines} />
      <EditorShortcuts files={files} onHelp={onHelp} onQuickAdd={setQuickAdd} />
    </>
  );
}

/** In Electron, the native File menu runs the same commands as the toolbar. */
function useMenuCommands(files: FileCommands): void {
  const latest = useRef(files);
  latest.current = files;
  useEffect(() => {
    const bridge = hostBridge();
    if (!bridge || typeof bridge.onMenu !== 'function') return;
    return bridge.onMenu((command: MenuCommand) => {
      const f = latest.current;
      switch (command.action) {
        case 'new': return f.newDesign();
        case 'open': return f.open();
        case 'save': return f.save();
        case 'saveAs': return f.saveAs();
        case 'preset': return command.preset ? f.loadPreset(command.preset) : undefined;
      }
    });
  }, []);
}

/** `• GoogLeNet — Inception Studio` while there are unsaved changes. */
function useWindowTitle(): void {
  const name = useEditor((s) => s.doc?.name ?? '');
  const dirty = useEditor(selectDirty);
  useEffect(() => {
    document.title = `${dirty ? '• ' : ''}${name ? `${name} — ` : ''}Inception Studio`;
  }, [name, dirty]);
}
