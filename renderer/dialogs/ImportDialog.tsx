import { useState, type ChangeEvent, type FormEvent, type ReactNode } from 'react';
import type { ImportModelOptions } from '../../src/service/api';
import { useHostPicker } from '../components/useHostPicker';
import { report } from '../state/problemsStore';
import { EMPTY_IMPORT_FORM, importRequest, NORMALISATIONS, parseLabels, type ImportForm, type ImportProblems } from './importOptions';
import { Modal } from '../components/Modal';

interface ImportDialogProps {
  onImport(path: string, options: ImportModelOptions): void;
  onClose(): void;
  busy: boolean;
  /** Why the last import failed; shown at the top of the dialog, scrollable however long. */
  failure: string | null;
}

const pickError = (error: unknown) => report('Could not show the file dialog', error);

/**
 * File ▸ Import…: an ONNX file or a TF.js model.json on the host (typed, or chosen with the host's file
 * dialog or folder browser), with what the file may not say: normalisation, input size and class names.
 */
export function ImportDialog({ onImport, onClose, busy, failure }: ImportDialogProps) {
  const [form, setForm] = useState<ImportForm>(EMPTY_IMPORT_FORM);
  const [problems, setProblems] = useState<ImportProblems>({});
  const [labelsFile, setLabelsFile] = useState<string | null>(null);
  const picker = useHostPicker(pickError);
  const set = (fields: Partial<ImportForm>) => {
    setForm((current) => ({ ...current, ...fields }));
    setProblems((current) => {
      const next = { ...current };
      for (const key of Object.keys(fields)) delete next[key as keyof ImportForm];
      return next;
    });
  };
  const field = (key: keyof ImportForm) => ({
    value: form[key],
    onChange: (e: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => set({ [key]: e.target.value }),
    'aria-invalid': problems[key] ? true : undefined,
  });

  const browse = async () => {
    const [path] = (await picker.pick({ mode: 'model', title: 'Choose a model to import', start: null })) ?? [];
    if (path) set({ path });
  };

  const readLabels = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    const text = await file.text();
    try {
      set({ labels: parseLabels(text).join('\n') });
      setLabelsFile(file.name);
    } catch (error) {
      setProblems((current) => ({ ...current, labels: `${file.name}: ${(error as Error).message}` }));
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const request = importRequest(form);
    if ('problems' in request) setProblems(request.problems);
    else onImport(request.path, request.options);
  };

  const classCount = form.labels.split(/\r?\n/).filter((l) => l.trim()).length;
  return (
    <>
      <Modal title="Import a model" onClose={onClose} testId="import-dialog" wide>
        <form onSubmit={submit} className="import-form" noValidate>
          {failure && <div className="import-form__failure" role="alert" tabIndex={0} data-testid="import-failure">{failure}</div>}
          <Row label="Model file" htmlFor="import-path" problem={problems.path} hint="An ONNX file (.onnx) or a TF.js model.json, on the machine the app runs on.">
            <input id="import-path" data-testid="import-path" type="text" placeholder="/path/to/model.onnx" autoFocus {...field('path')} />
            <button type="button" data-testid="import-browse" onClick={() => void browse()}>Browse…</button>
          </Row>
          <Row label="Name" htmlFor="import-name" hint="Optional; the file’s name when blank.">
            <input id="import-name" data-testid="import-name" type="text" {...field('name')} />
          </Row>
          <fieldset className="import-form__group">
            <legend className="modal__label">Normalisation <span className="import-form__hint">(pixels in 0..1, then (x − mean) / std per channel)</span></legend>
            <div className="import-form__presets" role="group" aria-label="Normalisation presets">
              {NORMALISATIONS.map((n) => (
                <button key={n.id} type="button" className="btn--chip" data-testid={`import-norm-${n.id}`} title={n.hint}
                  aria-pressed={form.mean === n.mean && form.std === n.std} onClick={() => set({ mean: n.mean, std: n.std })}>
                  {n.title}
                </button>
              ))}
              <button type="button" className="btn--chip" data-testid="import-norm-file" aria-pressed={!form.mean && !form.std} onClick={() => set({ mean: '', std: '' })}
                title="What the file says; ImageNet’s for a 3-channel model when it says nothing">
                From the file
              </button>
            </div>
            <div className="import-form__pair">
              <Row label="Mean" htmlFor="import-mean" problem={problems.mean}>
                <input id="import-mean" data-testid="import-mean" type="text" placeholder="from the file" {...field('mean')} />
              </Row>
              <Row label="Std" htmlFor="import-std" problem={problems.std}>
                <input id="import-std" data-testid="import-std" type="text" placeholder="from the file" {...field('std')} />
              </Row>
            </div>
          </fieldset>
          <fieldset className="import-form__group">
            <legend className="modal__label">Input size <span className="import-form__hint">(only for files whose size is not fixed; 224×224 when blank)</span></legend>
            <div className="import-form__pair">
              <Row label="Height" htmlFor="import-height" problem={problems.height}>
                <input id="import-height" data-testid="import-height" type="text" inputMode="numeric" placeholder="from the file" {...field('height')} />
              </Row>
              <Row label="Width" htmlFor="import-width" problem={problems.width}>
                <input id="import-width" data-testid="import-width" type="text" inputMode="numeric" placeholder="= height" {...field('width')} />
              </Row>
            </div>
          </fieldset>
          <Row label="Class names" htmlFor="import-labels" problem={problems.labels}
            hint={classCount ? `${classCount} classes${labelsFile ? ` from ${labelsFile}` : ''}, in output order.` : 'Optional: one a line in output order, or load a labels file (.txt, or a JSON array); numbered when blank.'}>
            <textarea id="import-labels" data-testid="import-labels" rows={3} {...field('labels')} />
            <label className="import-form__file">
              Load file…
              <input type="file" accept=".txt,.json,text/plain,application/json" data-testid="import-labels-file" onChange={(e) => void readLabels(e)} />
            </label>
          </Row>
          <div className="modal__actions">
            <button type="button" onClick={onClose}>Cancel</button>
            <button type="submit" className="button--primary" data-testid="import-confirm" disabled={busy || !form.path.trim()}>{busy ? 'Importing…' : 'Import'}</button>
          </div>
        </form>
      </Modal>
      {picker.dialog}
    </>
  );
}

function Row({ label, htmlFor, problem, hint, children }: { label: string; htmlFor: string; problem?: string; hint?: string; children: ReactNode }) {
  return (
    <div className="import-form__row">
      <label className="modal__label" htmlFor={htmlFor}>{label}</label>
      <div className="modal__row">{children}</div>
      {problem ? <p className="import-form__problem" role="alert">{problem}</p> : hint ? <p className="import-form__hint">{hint}</p> : null}
    </div>
  );
}
