import { useEffect } from 'react';
import { useDataset } from '../state/datasetStore';
import { useSampleFolder } from './useSampleFolder';
import { useNav } from '../state/navStore';
import { useRuns } from '../state/runsStore';
import { guideProgress } from './guideSteps';
import { useGuide } from '../state/welcomeStore';

/** The guided first run's steps, shown on the Dataset and Train screens while it lasts. */
export function GuideBar() {
  const active = useGuide((s) => s.active);
  const runBefore = useGuide((s) => s.runBefore);
  const classes = useDataset((s) => s.summary?.classes.length ?? 0);
  const chosenDir = useDataset((s) => s.dir);
  const runId = useRuns((s) => s.activeRunId);
  const runInView = useRuns((s) => s.activeContext === chosenDir);
  const guideRun = runId !== runBefore ? runId : null;
  const ended = useRuns((s) => (guideRun ? s.events[guideRun]?.some((e) => e.type === 'end' && (e.status === 'completed' || e.status === 'early-stopped')) ?? false : false));
  const screen = useNav((s) => s.screen);
  const { go, openResults } = useNav.getState();
  const sample = useSampleFolder();
  const { steps, current, over } = guideProgress({ classes, guideRun, ended, screen, runInView });
  useEffect(() => {
    if (active && over) useGuide.getState().end();
  }, [active, over]);
  if (!active || over) return null;

  let hint: string;
  let action: { label: string; run(): void } | null = null;
  if (current === 0) {
    hint = 'Pick a folder of your images sorted into one sub-folder per class (two classes or more, ten images each or more), or start with the sample folder: 1,000 generated pictures of four shapes. The Small CNN sees them as 28×28 greyscale.';
    action = {
      label: sample.busy ? 'Making it…' : 'Use the sample folder',
      run: () => {
        go('dataset');
        void sample.use();
      },
    };
  } else if (current === 1) {
    hint = 'Press Start training. If the design’s class count differs from the folder’s, one click sets it.';
    if (screen !== 'train') action = { label: 'Go to Train', run: () => go('train') };
  } else if (current === 2) {
    hint = 'Loss should fall and accuracy rise as it learns; Stop and Resume keep every step.';
  } else {
    hint = 'Done: the confusion matrix shows which classes it mixes up; Try it predicts new images; Export writes the model.';
    if (guideRun) action = { label: 'See the results', run: () => openResults(guideRun) };
  }

  return (
    <div className="guide" role="region" aria-label="Guide" data-testid="guide">
      <ol className="guide__steps">
        {steps.map((step, i) => (
          <li key={step.title} className={step.done ? 'guide__step guide__step--done' : i === current ? 'guide__step guide__step--current' : 'guide__step'}>
            <span className="guide__number">{step.done ? '✓' : i + 1}</span>{step.title}
          </li>
        ))}
      </ol>
      <p className="guide__hint">{hint}</p>
      {action && <button type="button" className="btn btn--small" onClick={action.run}>{action.label}</button>}
      <button type="button" className="guide__close" onClick={() => useGuide.getState().end()} aria-label="End the guide">×</button>
    </div>
  );
}
