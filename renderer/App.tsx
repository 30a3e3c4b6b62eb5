import { useCallback, useEffect, useRef, useState } from 'react';
import type { EnginesReport, PresetInfo } from '../src/service/api';
import { ApiError } from './api/client';
import { api } from './api/instance';
import { GraphCanvas } from './canvas/GraphCanvas';
import { BackendNotice } from './components/BackendNotice';
import { ConnectionBanner, ErrorBanner } from './components/ConnectionBanner';
import { StatusBar } from './components/StatusBar';
import { TopBar } from './components/TopBar';
import { useEditor } from './store';

/** Shown at start when nothing else is open, so the first screen is never empty. */
const DEFAULT_PRESET = 'googlenet-96';

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));
/** The connection banner already says so; no second message for each failed call. */
const isConnectionLoss = (error: unknown): boolean => error instanceof ApiError && error.code === 'CONNECTION_LOST';

export function App() {
  const openDoc = useEditor((s) => s.openDoc);
  const [presets, setPresets] = useState<PresetInfo[]>([]);
  const [engines, setEngines] = useState<EnginesReport | Error | null>(null);
  const [loading, setLoading] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const latestLoad = useRef(0);

  const report = useCallback((what: string, error: unknown) => {
    if (!isConnectionLoss(error)) setProblem(`${what}: ${messageOf(error)}`);
  }, []);

  const loadPreset = useCallback(async (name: string) => {
    const ticket = ++latestLoad.current;
    setLoading(true);
    try {
      const doc = await api.loadPreset(name);
      if (ticket === latestLoad.current) openDoc(doc, name);
    } catch (error) {
      if (ticket === latestLoad.current) report(`Could not load the preset "${name}"`, error);
    } finally {
      if (ticket === latestLoad.current) setLoading(false);
    }
  }, [openDoc, report]);

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
    if (!useEditor.getState().doc) void loadPreset(DEFAULT_PRESET);
    return () => {
      live = false;
    };
  }, [loadPreset, report]);

  return (
    <div className="app">
      <TopBar presets={presets} onPickPreset={loadPreset} busy={loading} />
      <ConnectionBanner api={api} />
      {problem && <ErrorBanner message={problem} onDismiss={() => setProblem(null)} />}
      <main className="app__canvas">
        <GraphCanvas />
        {engines && !(engines instanceof Error) && <BackendNotice engines={engines} />}
      </main>
      <StatusBar engines={engines} />
    </div>
  );
}
