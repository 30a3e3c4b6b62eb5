import { useState } from 'react';
import type { ExportFormat, ExportWritten } from '../../src/service/api';
import { PROFILED_FORMATS } from '../../src/contract/apiTypes';
import { api } from '../api/instance';
import { useHostPicker } from '../components/useHostPicker';
import { Modal } from '../components/Modal';
import { report } from '../state/problemsStore';
import { useHost } from '../state/hostStore';
import { ProfileTable } from './ProfileTable';
import { quantizationSummary } from '../../src/contract/quantizationSummary';
import { writtenSummary } from './written';

interface FormatInfo {
  id: string;
  title: string;
  description: string;
  /** The engine that must be present; absent: always available. */
  needs?: 'torch';
}

const FORMATS: FormatInfo[] = [
  { id: 'tfjs', title: 'TF.js model', description: 'model.json + weights, labels.json, preprocessing.json and a web page that runs the model (serve the folder, open index.html).' },
  { id: 'graph', title: 'Graph JSON', description: 'The design as trained (graph.json), to open in Inception Studio or share.' },
  { id: 'pytorch', title: 'PyTorch code', description: 'A readable net.py built from conv_relu and inception blocks, with the trained weights (safetensors and .pt).', needs: 'torch' },
  { id: 'pytorch-bundle', title: 'PyTorch bundle', description: 'Code only, no weights: the module, the runner, the job config and a README with the torchrun command, to train afresh on a cluster.', needs: 'torch' },
  { id: 'onnx', title: 'ONNX', description: 'model.onnx (opset 13) with the labels and preprocessing in its metadata, written by the app (no Python): loads in ONNX Runtime for Node, Python or the web; with a web page on onnxruntime-web (serve the folder, open index.html).' },
  { id: 'onnx-int8', title: 'ONNX int8', description: 'model.onnx in int8 (about 4× smaller), calibrated on the run’s training images; quantization.json and the model card give the accuracy change on the validation images.' },
  { id: 'tflite', title: 'TFLite', description: 'model.tflite (float32, NHWC, batch 1) written by the app: loads in LiteRT on Android, iOS, Linux and in the browser (LiteRT.js); labels and preprocessing in its metadata.' },
  { id: 'tflite-int8', title: 'TFLite int8', description: 'model.tflite in full-integer int8 (about 4× smaller; float32 input and output), calibrated on the run’s training images: for phones, Raspberry Pi and microcontrollers.' },
];

/** Writes a run's model in a format and says where the files went. */
export function ExportDialog({ runId, onClose }: { runId: string; onClose(): void }) {
  const engines = useHost((s) => s.engines);
  const workspace = useHost((s) => s.info?.workspace ?? null);
  const [outDir, setOutDir] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [done, setDone] = useState<(ExportWritten & { format: string })[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [profile, setProfile] = useState(false);
  const picker = useHostPicker((e) => report('Could not show the folder dialog', e));
  const hasEngine = (id: string) => !(engines instanceof Error) && Boolean(engines?.engines.some((e) => (e.id as string) === id && e.available));

  const available = FORMATS.filter((f) => !f.needs || hasEngine(f.needs));

  /** Writes the formats one after another; with a chosen folder, `all` puts each in a sub-folder of its own. */
  const write = async (formats: FormatInfo[], busyId: string) => {
    setBusy(busyId);
    setError(null);
    setDone([]);
    const all = formats.length > 1;
    try {
      for (const format of formats) {
        const into = outDir ? (all ? `${outDir.replace(/[\\/]+$/, '')}/${format.id}` : outDir) : undefined;
        const written = profile && PROFILED_FORMATS.includes(format.id) ? await api.exportRun(runId, format.id as ExportFormat, into ?? null, { profile: true }) : await api.exportRun(runId, format.id as ExportFormat, into);
        setDone((before) => [...before, { format: format.title, ...written }]);
      }
    } catch (failure) {
      setError((failure as Error).message);
    } finally {
      setBusy(null);
    }
  };

  const chooseDir = async () => {
    const picked = await picker.pick({ mode: 'folder', title: 'Export into which folder?', start: null });
    if (picked?.[0]) setOutDir(picked[0]);
  };

  return (
    <Modal title={`Export ${runId}`} onClose={onClose} testId="export-dialog" wide>
      <div className="export__dest">
        <span className="form-field__label">Into</span>
        <code className="path-line" data-testid="export-dest">{outDir ?? `${workspace ?? 'the workspace'}/exports/${runId}-<format>`}</code>
        <button type="button" onClick={() => void chooseDir()}>Choose folder…</button>
        {outDir && <button type="button" onClick={() => setOutDir(null)}>Default</button>}
      </div>
      <label className="export__option">
        <input type="checkbox" data-testid="export-profile-option" checked={profile} disabled={busy !== null} onChange={(e) => setProfile(e.target.checked)} />
        Measure a deployment profile of ONNX, TFLite and TF.js exports: size, peak memory and latency in onnxruntime-node and in Chromium (onnxruntime-web, LiteRT.js, TF.js); takes a minute
      </label>
      <ul className="export__formats">
        {FORMATS.map((format) => {
          const missing = format.needs && !hasEngine(format.needs);
          // Until the host has said which engines it has, a missing one is not yet known to be missing.
          const needNote = engines === null ? 'Checking whether this host has the PyTorch engine…' : 'Needs the PyTorch engine.';
          return (
            <li key={format.id} className="export__format">
              <div className="export__text">
                <strong>{format.title}</strong>
                <span className="export__description">{missing ? needNote : format.description}</span>
              </div>
              <button
                type="button"
                className={missing ? undefined : 'button--primary'}
                data-testid={`export-${format.id}`}
                disabled={Boolean(missing) || busy !== null}
                title={missing ? 'needs the PyTorch engine' : undefined}
                onClick={() => void write([format], format.id)}
              >
                {busy === format.id ? 'Writing…' : 'Export'}
              </button>
            </li>
          );
        })}
      </ul>
      <div className="export__all">
        <button type="button" data-testid="export-all" disabled={busy !== null || engines === null || available.length < 2} onClick={() => void write(available, 'all')}>
          {busy === 'all' ? `Writing ${done.length + 1} of ${available.length}…` : engines === null ? 'Export all formats' : `Export all ${available.length} formats`}
        </button>
        <span className="export__description">
          {engines === null
            ? 'Asking the host which engines it has…'
            : `${available.map((f) => f.title).join(', ')}${outDir ? ', each in a sub-folder of the chosen one' : ''}`}
        </span>
      </div>
      {error && <p className="callout callout--error" role="alert">{error}</p>}
      {done.length > 0 && (
        <div className="callout callout--ok" data-testid="export-result">
          {done.map((d) => (
            <div key={d.dir} className="export__written" data-testid="export-written">
              <div className="export__written-text">
                <p data-testid="export-summary">{writtenSummary(d)}</p>
                <code className="path-line" data-testid="export-dir">{d.dir}</code>
                {d.quantization && <p data-testid="export-quantization">{quantizationSummary(d.quantization).join('; ')}</p>}
                {d.profile && <ProfileTable profile={d.profile} />}
                {done.length === 1 && <ul className="export__files">{d.files.map((f) => <li key={f}><code>{f}</code></li>)}</ul>}
              </div>
              <button type="button" onClick={() => void navigator.clipboard?.writeText(d.dir).catch(() => undefined)}>Copy path</button>
            </div>
          ))}
        </div>
      )}
      <div className="modal__actions">
        <button type="button" data-testid="export-close" onClick={onClose}>Close</button>
      </div>
      {picker.dialog}
    </Modal>
  );
}
