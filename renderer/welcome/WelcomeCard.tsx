import { useState } from 'react';
import type { FileCommands } from '../files/useFileCommands';
import { useHost } from '../state/hostStore';
import { useNav } from '../state/navStore';
import { useRuns } from '../state/runsStore';
import { markWelcomeSeen, welcomeSeen } from './firstRun';
import { useGuide } from '../state/welcomeStore';

/** The preset the guided path trains: small enough to learn in seconds on a CPU. */
export const GUIDE_PRESET = 'small-cnn';

/**
 * First-run welcome, in the Design screen's side panel (it blocks nothing): open a preset, open a
 * design, or the guided path that trains the small preset on a folder of the user's images.
 */
export function WelcomeCard({ files }: { files: FileCommands }) {
  const [seen, setSeen] = useState(welcomeSeen);
  const presets = useHost((s) => s.presets);
  const go = useNav((s) => s.go);
  // A workspace with runs is not a first run (the CLI, or another browser, made them).
  const hasRuns = useRuns((s) => (s.list?.length ?? 0) > 0);
  if (seen || hasRuns) return null;

  const done = () => {
    markWelcomeSeen();
    setSeen(true);
  };
  const guide = () => {
    done();
    useGuide.getState().start(useRuns.getState().activeRunId);
    files.loadPreset(GUIDE_PRESET);
    go('dataset');
  };

  return (
    <section className="welcome" aria-label="Welcome" data-testid="welcome">
      <div className="welcome__head">
        <h2 className="welcome__title">Welcome to Inception Studio</h2>
        <button type="button" className="welcome__close" onClick={done} aria-label="Close the welcome" title="Don’t show again">×</button>
      </div>
      <p className="welcome__text">Design a network, train it on your images, use the model.</p>
      <button type="button" className="welcome__action welcome__action--main" data-testid="welcome-guide" onClick={guide}>
        <strong>Train a small network on your images</strong>
        <span>A guided first run with the Small CNN preset.</span>
      </button>
      <label className="welcome__action">
        <strong>Open a preset</strong>
        <select
          data-testid="welcome-preset"
          value=""
          onChange={(e) => {
            if (!e.target.value) return;
            done();
            files.loadPreset(e.target.value);
          }}
        >
          <option value="">Choose…</option>
          {presets.map((p) => <option key={p.name} value={p.name} title={p.description}>{p.title}</option>)}
        </select>
      </label>
      <button type="button" className="welcome__action" data-testid="welcome-open" onClick={() => { done(); files.open(); }}>
        <strong>Open a design…</strong>
        <span>One you saved before.</span>
      </button>
    </section>
  );
}
