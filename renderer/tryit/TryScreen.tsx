import { useEffect, useMemo, useState, type DragEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Prediction, RunInfo } from '../../src/service/api';
import { FeatureMapsView } from '../components/FeatureMapsView';
import { GradCamView } from '../components/GradCamView';
import { api } from '../api/instance';
import { Thumbnail } from '../components/Thumbnail';
import { useImagePreviews } from '../components/previews';
import { useHostPicker } from '../components/useHostPicker';
import { formatPercent } from '../components/format';
import { report } from '../state/problemsStore';
import { useDataset } from '../state/datasetStore';
import { defaultRun, runLegend, shortFolder } from '../components/runLabels';
import { useRuns } from '../state/runsStore';
import { ClassifyPanel } from './ClassifyPanel';
import { useClassify } from '../state/tryItStore';
import { gradCamNodeFor, useTryItChoice } from '../state/tryItChoice';

/** Runs whose model was written (it is written when a run finishes). */
const hasModel = (run: RunInfo): boolean => run.status === 'completed' || run.status === 'early-stopped';

const baseName = (path: string): string => path.split(/[\\/]/).pop() ?? path;
const parentOf = (path: string): string => path.replace(/[\\/][^\\/]*$/, '') || path;

/** The longest run name the Model menu shows in full: longer ones are cut, so the data, time and accuracy stay in view at 1280×720. */
const MENU_NAME_CHARS = 28;
/** A run in the Model menu's tooltip: its whole name, accuracy and image folder. */
const menuTitle = (run: RunInfo): string => `${runLegend(run)} · ${formatPercent(run.bestValAccuracy)}${run.dataDir ? `\n${run.dataDir}` : ''}`;

/** A file's bytes as base64, for sending to the host. */
function toBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error ?? new Error(`could not read ${file.name}`));
    reader.readAsDataURL(file);
  });
}

/** Pick images on the host, or drop them, and see a trained model's top-k classes for each. */
export function TryScreen() {
  const list = useRuns((s) => s.list);
  const runs = useMemo(() => (list ?? []).filter(hasModel), [list]);
  const [runId, setRunId] = useState<string | null>(null);
  const [topK, setTopK] = useState(3);
  const predictions = useTryItChoice((s) => s.predictions);
  const showPredictions = useTryItChoice((s) => s.setPredictions);
  const [busy, setBusy] = useState(false);
  const [dropNote, setDropNote] = useState<string | null>(null);
  const [lastFolder, setLastFolder] = useState<string | null>(null);
  const classification = useClassify((s) => s.current);
  const setClassification = useClassify((s) => s.setCurrent);
  const picker = useHostPicker((e) => report('Could not show the file browser', e));
  const folder = useDataset((s) => s.dir);
  const summary = useDataset((s) => s.summary);
  const folderClasses = useMemo(() => (summary ? summary.classes.map((c) => c.name) : null), [summary]);
  const fallback = useMemo(() => defaultRun(runs, folderClasses), [runs, folderClasses]);
  const picked = runId !== null && runs.some((r) => r.id === runId);
  const chosen = picked ? runId : fallback.runId;
  const chosenRun = runs.find((r) => r.id === chosen) ?? null;

  useEffect(() => useRuns.getState().refreshList(), []);
  useEffect(() => useTryItChoice.getState().setRun(chosen), [chosen]);
  // The chosen run's Grad-CAM job starts now, so that the first "Where it looked" is answered as fast as the next
  // ones; a run it cannot start for says so when that button is pressed.
  useEffect(() => void (chosen && api.warmGradCam(chosen).catch(() => undefined)), [chosen]);

  const predict = async (paths: string[]) => {
    if (!chosen || paths.length === 0) return;
    setBusy(true);
    try {
      showPredictions(await api.predict(chosen, paths, topK));
    } catch (error) {
      report('Could not predict', error);
    } finally {
      setBusy(false);
    }
  };

  const pick = async () => {
    const picked = await picker.pick({ mode: 'images', title: 'Choose images on the host', start: lastFolder });
    if (!picked?.length) return;
    setLastFolder(parentOf(picked[0]));
    setDropNote(null);
    await predict(picked);
  };

  const classify = async () => {
    if (!chosen) return;
    const [folder] = (await picker.pick({ mode: 'folder', flat: true, title: 'Classify every image in a folder', start: lastFolder })) ?? [];
    if (!folder) return;
    setLastFolder(folder);
    try {
      if (classification) await api.discardClassification(classification.id).catch(() => undefined);
      setClassification(await api.classifyFolder(chosen, folder, { topK }));
    } catch (error) {
      report('Could not classify the folder', error);
    }
  };

  const closeClassification = () => {
    if (classification) void api.discardClassification(classification.id).catch(() => undefined);
    setClassification(null);
  };

  const onDrop = async (event: DragEvent) => {
    event.preventDefault();
    const files = [...event.dataTransfer.files].filter((f) => f.type.startsWith('image/') || /\.(jpe?g|png|webp|gif|bmp|tiff?)$/i.test(f.name));
    if (!chosen) return;
    if (files.length === 0) {
      setDropNote('Drop image files (JPEG, PNG, WebP, GIF, BMP or TIFF).');
      return;
    }
    const tooBig = files.filter((f) => f.size > 20 * 2 ** 20);
    if (tooBig.length) {
      setDropNote(`${tooBig.map((f) => f.name).join(', ')}: larger than 20 MB; choose ${tooBig.length === 1 ? 'it' : 'them'} on the host instead.`);
      return;
    }
    setDropNote(null);
    setBusy(true);
    try {
      const images = await Promise.all(files.slice(0, 16).map(async (f) => ({ name: f.name, base64: await toBase64(f) })));
      showPredictions(await api.predictUploads(chosen, images, topK));
      if (files.length > 16) setDropNote(`Only the first 16 of ${files.length} images were sent.`);
    } catch (error) {
      report('Could not predict', error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="screen" data-testid="try-screen">
      <header className="screen__head">
        <div className="screen__title-block">
          <h1 className="screen__title">Try it</h1>
          <p className="screen__subtitle">See what a trained model says about new images.</p>
        </div>
        <div className="screen__actions">
          <label className="inline-field">
            Model
            <select className="try-run" data-testid="try-run" value={chosen ?? ''} onChange={(e) => setRunId(e.target.value)} disabled={runs.length === 0} title={chosenRun ? menuTitle(chosenRun) : undefined}>
              {runs.length === 0 && <option value="">No finished run yet</option>}
              {runs.map((r) => <option key={r.id} value={r.id} title={menuTitle(r)}>{runLegend(r, MENU_NAME_CHARS)} · {formatPercent(r.bestValAccuracy)}</option>)}
            </select>
          </label>
          <label className="inline-field">
            Top
            <select value={topK} onChange={(e) => setTopK(Number(e.target.value))}>
              {[1, 3, 5].map((k) => <option key={k} value={k}>{k}</option>)}
            </select>
          </label>
          <button type="button" className="btn btn--primary" data-testid="try-pick" onClick={() => void pick()} disabled={!chosen || busy}>
            {busy ? 'Predicting…' : 'Choose images on the host…'}
          </button>
          <button type="button" className="btn" data-testid="classify-pick" onClick={() => void classify()} disabled={!chosen}>
            Classify a folder…
          </button>
        </div>
      </header>
      <div className="screen__body screen__body--stack">
        <div
          className="dropzone"
          data-testid="try-dropzone"
          onDragOver={(e) => {
            e.preventDefault();
            e.dataTransfer.dropEffect = 'copy';
          }}
          onDrop={(e) => void onDrop(e)}
        >
          {chosen ? 'Drop images here, or choose them on the host' : 'Train a model to the end first; finished runs appear in Model.'}
        </div>
        {!picked && fallback.why === 'matches' && (
          <p className="panel__text panel__text--muted" data-testid="try-default">
            Model: the newest run with the classes of <span title={folder ?? undefined}>{shortFolder(folder)}</span>, the folder you last chose.
          </p>
        )}
        {!picked && fallback.why === 'latest' && runs.length > 1 && (
          <p className="callout callout--warn" role="status" data-testid="try-default">
            {folderClasses ? <>No run has the classes of <span title={folder ?? undefined}>{shortFolder(folder)}</span>; </> : null}
            showing the newest run. Choose the model to try in Model above.
          </p>
        )}
        {dropNote && <p className="callout callout--warn" role="status" data-testid="drop-note">{dropNote}</p>}
        {classification && <ClassifyPanel key={classification.id} started={classification} onClose={closeClassification} />}
        {chosen && <GradCamNodeNote runId={chosen} />}
        {predictions && <PredictionList predictions={predictions} runId={chosen} />}
      </div>
      {picker.dialog}
    </div>
  );
}

const PREVIEW = { size: 112, channels: 3 as const, resize: 'crop' as const };

/** The Grad-CAM node picked on the Editor's canvas for this run, with the way back to the default. */
function GradCamNodeNote({ runId }: { runId: string }) {
  const node = useTryItChoice((s) => gradCamNodeFor(s.gradCamNode, runId));
  const useForGradCam = useTryItChoice((s) => s.useForGradCam);
  if (!node) return null;
  return (
    <p className="panel__text" data-testid="gradcam-node-note">
      Where it looked: at <code>{node}</code>, picked on the canvas.{' '}
      <button type="button" className="btn btn--small" onClick={() => useForGradCam(runId, null)}>Use the last feature map</button>
    </p>
  );
}

function PredictionList({ predictions, runId }: { predictions: Prediction[]; runId: string | null }) {
  const previews = useImagePreviews(predictions.map((p) => p.path), PREVIEW);
  const { image, setImage } = useTryItChoice(useShallow((s) => ({ image: s.image, setImage: s.setImage })));
  const node = useTryItChoice((s) => (runId ? gradCamNodeFor(s.gradCamNode, runId) : undefined));
  return (
    <ul className="predictions" data-testid="predictions">
      {predictions.map((p, i) => (
        <li key={`${p.path}-${i}`} className="prediction" data-testid={`prediction-${i}`}>
          <Thumbnail path={p.path} preview={previews.get(p.path)} size={112} />
          <div className="prediction__body">
            <span className="prediction__file" title={p.path}>{baseName(p.path)}</span>
            {p.path === image && !p.error && <span className="prediction__canvas" data-testid="prediction-on-canvas">its feature maps show when you click a node in the Editor</span>}
            {p.error ? (
              <p className="callout callout--error">{p.error}</p>
            ) : (
              <ol className="prediction__top">
                {p.top.map((t, rank) => (
                  <li key={t.label} className={rank === 0 ? 'prediction__row prediction__row--first' : 'prediction__row'}>
                    <span className="prediction__label" data-testid={rank === 0 ? 'prediction-top' : undefined}>{t.label}</span>
                    <span className="meter__track"><span className="meter__fill" style={{ width: `${t.probability * 100}%` }} /></span>
                    <span className="prediction__p">{formatPercent(t.probability)}</span>
                  </li>
                ))}
              </ol>
            )}
          </div>
          {runId && !p.error && <GradCamView key={node ?? ''} runId={runId} path={p.path} node={node} onOpen={() => setImage(p.path)} />}
          {runId && !p.error && <FeatureMapsView runId={runId} path={p.path} onOpen={() => setImage(p.path)} />}
        </li>
      ))}
    </ul>
  );
}
