import { useState } from 'react';
import type { ExportFormat } from '../../src/service/api';
import { api } from '../api/instance';
import { useHostPicker } from '../components/useHostPicker';
import { Modal } from '../dialogs/Modal';
import { report } from '../host/problems';
import { useHost } from '../host/store';

interface FormatInfo {
  id: string;
  title: string;
  description: string;
  /** The engine that must be present; absent: always available. */
  needs?: 'torch';
}

const FORMATS: FormatInfo[] = [
  { id: 'tfjs', title: 'TF.js model', description: 'model.json + weights, labels.json and preprocessing.json: load with tf.loadLayersModel in a browser or Node.' },
  { id: 'graph', title: 'Graph JSON', description: 'The design as trained (graph.json), to open in Inception Studio or share.' },
  { id: 'pytorch', title: 'PyTorch code', description: 'A readable net.py in the seed’s style, with the trained weights (safetensors and .pt).', needs: 'torch' },
  { id: 'pytorch-bundle', title: 'PyTorch bundle', description: 'The module, the runner, the job config and a README with the torchrun command for a cluster.', needs: 'torch' },
  { id: 'onnx', title: 'ONNX', description: 'model.onnx through torch.onnx.export (opset 13+).', needs: 'torch' },
];

/** Writes a run's model in a format and says where the files went. */
export function ExportDialog({ runId, onClose }: { runId: string; onClose(): void }) {
  const engines = useHost((s) => s.engines);
  const workspace = useHost((s) => s.info?.workspace ?? null);
  const [outDir, setOutDir] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [done, setDone] = useState<{ format: string; dir: string; files: string[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const picker = useHostPicker((e) => report('Could not show the folder dialog', e));
  const hasEngine = (id: string) => !(engines instanceof Error) && Boolean(engines?.engines.some((e) => (e.id as string) === id && e.available));

  const write = async (format: FormatInfo) => {
    setBusy(format.id);
    setError(null);
    setDone(null);
    try {
      // PyTorch formats are sent as they are named once that engine is listed; the host says if it cannot write them.
      const written = await api.exportRun(runId, format.id as ExportFormat, outDir ?? undefined);
      setDone({ format: format.title, ...written });
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
      <ul className="export__formats">
        {FORMATS.map((format) => {
          const missing = format.needs && !hasEngine(format.needs);
          return (
            <li key={format.id} className="export__format">
              <div className="export__text">
                <strong>{format.title}</strong>
                <span className="export__description">{missing ? 'Needs the PyTorch engine.' : format.description}</span>
              </div>
              <button
                type="button"
                className={missing ? undefined : 'button--primary'}
                data-testid={`export-${format.id}`}
                disabled={Boolean(missing) || busy !== null}
                title={missing ? 'needs the PyTorch engine' : undefined}
                onClick={() => void write(format)}
              >
                {busy === format.id ? 'Writing…' : 'Export'}
              </button>
            </li>
          );
        })}
      </ul>
      {error && <p className="callout callout--error" role="alert">{error}</p>}
      {done && (
        <div className="callout callout--ok" data-testid="export-result">
          <p>{done.format}: {done.files.length} file{done.files.length === 1 ? '' : 's'} written to</p>
          <code className="path-line" data-testid="export-dir">{done.dir}</code>
          <ul className="export__files">{done.files.map((f) => <li key={f}><code>{f}</code></li>)}</ul>
          <button type="button" onClick={() => void navigator.clipboard?.writeText(done.dir).catch(() => undefined)}>Copy folder path</button>
        </div>
      )}
      <div className="modal__actions">
        <button type="button" data-testid="export-close" onClick={onClose}>Close</button>
      </div>
      {picker.dialog}
    </Modal>
  );
}
