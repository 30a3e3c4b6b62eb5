import { ReactFlowProvider } from '@xyflow/react';
import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import type { InceptionHostBridge, MenuCommand } from '../../electron/bridge';
import { api } from '../api/instance';
import { EditorScreen } from '../editor/EditorScreen';
import { ConnectionBanner, ErrorBanner } from './ConnectionBanner';
import { RestoreBanner } from '../components/RestoreBanner';
import { TopBar } from './TopBar';
import { FileDialogs } from '../files/FileDialogs';
import { HelpOverlay } from '../dialogs/HelpOverlay';
import { useAutosave, useAutosaveOffer } from '../files/useAutosave';
import { useFileCommands, type FileCommands } from '../files/useFileCommands';
import { report, useProblems } from '../state/problemsStore';
import { useHost } from '../state/hostStore';
import { NavRail } from './NavRail';
import { useNav, type Screen } from '../state/navStore';
import { useRunFeed, useRunList } from './useRunFeed';
import { selectDirty, useEditor } from '../state/designStore';
import { useDefaultsFollowDesign } from '../state/defaultsFollowDesign';
import { useFineTuneFollowsDesign } from '../state/fineTuneFollowsDesign';
import { WelcomeCard } from '../welcome/WelcomeCard';
import { useRestoredScan } from '../components/useDatasetScan';

// The other screens (and uPlot) load on first visit, so the editor opens as fast as before.
const DatasetScreen = lazy(() => import('../dataset/DatasetScreen').then((m) => ({ default: m.DatasetScreen })));
const TrainScreen = lazy(() => import('../train/TrainScreen').then((m) => ({ default: m.TrainScreen })));
const RunsScreen = lazy(() => import('../runs/RunsScreen').then((m) => ({ default: m.RunsScreen })));
const ResultsScreen = lazy(() => import('../results/ResultsScreen').then((m) => ({ default: m.ResultsScreen })));
const TryScreen = lazy(() => import('../tryit/TryScreen').then((m) => ({ default: m.TryScreen })));

/** Shown at start when nothing else is open, so the first screen is never empty. */
const DEFAULT_PRESET = 'googlenet-96';

const hostBridge = (): InceptionHostBridge | undefined => (window as { inceptionHost?: InceptionHostBridge }).inceptionHost;

export function App() {
  const openCount = useEditor((s) => s.openCount);
  const presets = useHost((s) => s.presets);
  const [nativeDialogs, setNativeDialogs] = useState(() => Boolean(hostBridge()));
  const problem = useProblems((s) => s.problem);
  const dismissProblem = useProblems((s) => s.dismiss);
  const screen = useNav((s) => s.screen);
  const [help, setHelp] = useState(false);

  const files = useFileCommands(api, nativeDialogs, report);
  const autosaveOffer = useAutosaveOffer(api);
  useAutosave(api, autosaveOffer.offer !== null);
  useMenuCommands(files);
  useWindowTitle();
  useRunFeed(api);
  useRunList(api, report);
  useDefaultsFollowDesign();
  useFineTuneFollowsDesign();
  useRestoredScan();

  const { loadPreset } = files;
  useEffect(() => {
    let live = true;
    const host = useHost.getState();
    api.listPresets().then(
      (list) => live && host.setPresets(list),
      (error) => live && report('Could not list the presets', error),
    );
    api.engines().then(
      (list) => live && host.setEngines(list),
      (error) => live && host.setEngines(error instanceof Error ? error : new Error(String(error))),
    );
    api.hostInfo().then((info) => {
      if (!live) return;
      host.setInfo(info);
      setNativeDialogs(info.nativeDialogs);
    }, () => undefined);
    if (!useEditor.getState().doc) loadPreset(DEFAULT_PRESET, { force: true });
    return () => {
      live = false;
    };
  }, [loadPreset]);

  return (
    <div className="app">
      <TopBar presets={presets} files={files} onHelp={() => setHelp(true)} />
      <ConnectionBanner api={api} />
      {autosaveOffer.offer && <RestoreBanner offer={autosaveOffer.offer} onRestore={autosaveOffer.restore} onDiscard={autosaveOffer.discard} />}
      {problem && <ErrorBanner message={problem} onDismiss={dismissProblem} />}
      <div className="app__main">
        <NavRail />
        <div className="app__screens">
          {/* The editor stays mounted (hidden) on other screens, so its view and selection survive a visit elsewhere. */}
          <div className={screen === 'design' ? 'app__design' : 'app__design app__design--hidden'} aria-hidden={screen !== 'design'}>
            <ReactFlowProvider key={openCount}>
              <EditorScreen files={files} active={screen === 'design'} onHelp={() => setHelp(true)} welcome={<WelcomeCard files={files} />} />
            </ReactFlowProvider>
          </div>
          {screen !== 'design' && (
            <Suspense fallback={<div className="screen"><p className="empty">Loading…</p></div>}>
              <OtherScreen screen={screen} files={files} />
            </Suspense>
          )}
        </div>
      </div>
      <FileDialogs files={files} />
      {help && <HelpOverlay onClose={() => setHelp(false)} />}
    </div>
  );
}

function OtherScreen({ screen, files }: { screen: Exclude<Screen, 'design'>; files: FileCommands }) {
  switch (screen) {
    case 'dataset': return <DatasetScreen />;
    case 'train': return <TrainScreen />;
    case 'runs': return <RunsScreen files={files} />;
    case 'results': return <ResultsScreen />;
    case 'try': return <TryScreen />;
  }
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
        case 'import': return f.startImport();
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
