import { useState, type ReactNode } from 'react';
import type { DatasetSummary } from '../../src/service/api';
import { Panel } from '../components/fields';
import { Thumbnail } from '../components/Thumbnail';
import { useImagePreviews } from '../components/previews';
import { useHostPicker } from '../components/useHostPicker';
import { formatCount } from '../components/format';
import { report } from '../state/problemsStore';
import { useNav } from '../state/navStore';
import { GuideBar } from '../components/GuideBar';
import { AugmentPanel } from './AugmentPanel';
import { FolderChangesPanel } from './FolderChangesPanel';
import { SplitPanel } from './SplitPanel';
import { useDataset } from '../state/datasetStore';
import { useDatasetScan } from '../components/useDatasetScan';
import { useSampleFolder } from '../components/useSampleFolder';

const parentOf = (path: string): string => path.replace(/[\\/][^\\/]*[\\/]?$/, '') || path;

/** Classes with counts and sample images, warnings, the split and augmentation of the training folder. */
export function DatasetScreen() {
  const dir = useDataset((s) => s.dir);
  const summary = useDataset((s) => s.summary);
  const scanning = useDataset((s) => s.scanning);
  const error = useDataset((s) => s.error);
  const scan = useDatasetScan();
  const picker = useHostPicker((e) => report('Could not show the folder dialog', e));
  const [typed, setTyped] = useState('');
  const go = useNav((s) => s.go);

  const choose = async () => {
    const picked = await picker.pick({ mode: 'folder', title: 'Choose an image folder (one sub-folder per class)', start: dir ? parentOf(dir) : null });
    if (picked?.[0]) scan(picked[0]);
  };

  return (
    <div className="screen" data-testid="dataset-screen">
      <GuideBar />
      <header className="screen__head">
        <div className="screen__title-block">
          <h1 className="screen__title">Dataset</h1>
          <p className="screen__subtitle screen__subtitle--path" data-testid="dataset-dir" title={dir ?? ''}>{dir ?? 'No folder chosen yet'}</p>
        </div>
        <div className="screen__actions">
          <form
            className="path-form"
            onSubmit={(e) => {
              e.preventDefault();
              if (typed.trim()) scan(typed.trim());
            }}
          >
            <input className="path-form__input" placeholder="or type a path on the host" value={typed} onChange={(e) => setTyped(e.target.value)} aria-label="Folder path" />
            <button type="submit" className="btn" disabled={!typed.trim()}>Scan</button>
          </form>
          {dir && <button type="button" className="btn" onClick={() => scan(dir)} disabled={scanning}>Rescan</button>}
          <button type="button" className="btn btn--primary" data-testid="choose-dataset" onClick={() => void choose()}>Choose folder…</button>
        </div>
      </header>
      <div className="screen__body screen__body--split">
        <div className="screen__main">
          {error && <p className="callout callout--error" role="alert" data-testid="dataset-error">{error}</p>}
          {scanning && <p className="callout" data-testid="dataset-scanning">Scanning {dir}…</p>}
          {!dir && <LayoutHelp sample={<SampleButton />} />}
          {dir && summary && <FolderChangesPanel key={dir} dir={dir} onChanged={() => scan(dir)} />}
          {summary && <DatasetSummaryView summary={summary} />}
        </div>
        <aside className="screen__side">
          <SplitPanel summary={summary} />
          <AugmentPanel summary={summary} />
          {summary && summary.classes.length >= 2 && (
            <button type="button" className="btn btn--primary btn--wide" data-testid="dataset-next" onClick={() => go('train')}>Next: train →</button>
          )}
        </aside>
      </div>
      {picker.dialog}
    </div>
  );
}

/** Chooses the workspace's generated sample folder. */
function SampleButton() {
  const sample = useSampleFolder();
  return (
    <p className="panel__text">
      No images at hand?{' '}
      <button type="button" className="btn btn--small" data-testid="use-sample" disabled={sample.busy} onClick={() => void sample.use()}>
        {sample.busy ? 'Making the sample folder…' : 'Use the sample folder'}
      </button>{' '}
      — 1,000 generated pictures of four shapes (circle, cross, square, triangle), written to your workspace.
    </p>
  );
}

/** What the folder must look like; shown until one is chosen. */
export function LayoutHelp({ sample }: { sample?: ReactNode }) {
  return (
    <Panel title="What folder to choose" testId="layout-help">
      <p className="panel__text">One sub-folder per class, named after the class, with that class’s images inside:</p>
      <pre className="layout-sample">{`my-images/
  cat/      001.jpg  002.png  …
  dog/      001.jpg  …
  rabbit/   …`}</pre>
      <ul className="panel__list">
        <li>PNG, JPEG, WebP, GIF, TIFF, BMP; any size — images are resized (centre crop, or stretch) to the design’s input.</li>
        <li>Colour or greyscale: images are converted to the channels of the design’s Input.</li>
        <li>At least 10 images per class to try it out; hundreds per class to learn well.</li>
        <li>Validation images are held out of each class (20 % by default), or come from a second folder with the same class names.</li>
        <li>Files that cannot be read are skipped and listed; they never stop a run.</li>
      </ul>
      {sample}
    </Panel>
  );
}

/** How many classes get sample thumbnails; a 1000-class folder lists the rest without. */
const THUMB_CLASSES = 30;
const THUMB_OPTIONS = { size: 56, channels: 3 as const, resize: 'crop' as const };

/** Why the scan's counts can still change: it reads only each file's first bytes. */
const PROVISIONAL_HINT = 'Counts from a quick look at each file’s first bytes. A file that turns out not to decode is left out when training reads it: the Train screen lists it as it happens, and the run’s report has the final counts.';

function DatasetSummaryView({ summary }: { summary: DatasetSummary }) {
  const max = Math.max(1, ...summary.classes.map((c) => c.count));
  const paths = summary.examples.slice(0, THUMB_CLASSES).flat();
  const previews = useImagePreviews(paths, THUMB_OPTIONS);
  return (
    <>
      <p className="dataset-totals" data-testid="dataset-totals">
        <strong>{summary.classes.length}</strong> classes · <strong>{formatCount(summary.images)}</strong> images
        {summary.skippedCount > 0 && <> · <strong>{formatCount(summary.skippedCount)}</strong> skipped</>}
        <span className="dataset-totals__note" data-testid="dataset-provisional" title={PROVISIONAL_HINT}> · provisional</span>
      </p>
      <p className="panel__text panel__text--muted dataset-provisional">{PROVISIONAL_HINT}</p>
      {summary.warnings.length > 0 && (
        <ul className="callout callout--warn" data-testid="dataset-warnings">
          {summary.warnings.map((w) => <li key={w}>{w}</li>)}
        </ul>
      )}
      <Panel title="Classes" testId="class-table">
        <table className="data-table">
          <thead>
            <tr><th>Class</th><th className="num">Images</th><th className="data-table__bar-head" aria-label="Share" /><th>Samples</th></tr>
          </thead>
          <tbody>
            {summary.classes.map((c, i) => (
              <tr key={c.name} data-testid={`class-row-${c.name}`}>
                <td className="data-table__name" title={c.name}>{c.name}</td>
                <td className="num" data-testid="class-count">{formatCount(c.count)}</td>
                <td className="data-table__bar-cell"><span className="bar" style={{ width: `${(c.count / max) * 100}%` }} /></td>
                <td className="data-table__thumbs">
                  {i < THUMB_CLASSES && (summary.examples[i] ?? []).map((path) => <Thumbnail key={path} path={path} preview={previews.get(path)} size={40} />)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Panel>
      {/* Class folders without a usable image are among the warnings above; said once. */}
      {summary.skippedCount > 0 && (
        <details className="panel skipped" data-testid="dataset-skipped">
          <summary className="panel__title">Skipped files ({formatCount(summary.skippedCount)})</summary>
          <ul className="skipped__list">
            {summary.skipped.map((s) => <li key={s.path}><code>{s.path}</code> — {s.reason}</li>)}
            {summary.skippedCount > summary.skipped.length && <li>… and {formatCount(summary.skippedCount - summary.skipped.length)} more</li>}
          </ul>
        </details>
      )}
    </>
  );
}
