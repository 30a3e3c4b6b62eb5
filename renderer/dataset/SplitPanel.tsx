import type { DatasetSummary } from '../../src/service/api';
import { NumberField, Panel, SelectField } from '../components/fields';
import { useHostPicker } from '../components/useHostPicker';
import { report } from '../state/problemsStore';
import { useDataset } from '../state/datasetStore';

/** How many images of a class go to training and validation when `fraction` is held out (as the engine splits). */
function splitCounts(summary: DatasetSummary, fraction: number): { train: number; validation: number } {
  let validation = 0;
  for (const c of summary.classes) validation += Math.max(0, Math.min(Math.round(c.count * fraction), c.count - 1));
  return { train: summary.images - validation, validation };
}

/** Validation: a fraction held out of each class, or a separate folder; and how images are resized. */
export function SplitPanel({ summary }: { summary: DatasetSummary | null }) {
  const valDir = useDataset((s) => s.valDir);
  const fraction = useDataset((s) => s.validationFraction);
  const resize = useDataset((s) => s.resize);
  const { setValDir, setValidationFraction, setResize } = useDataset.getState();
  const picker = useHostPicker((e) => report('Could not show the folder dialog', e));
  const counts = summary && !valDir ? splitCounts(summary, fraction) : null;

  const chooseValDir = async () => {
    const picked = await picker.pick({ mode: 'folder', title: 'Choose a validation folder (same class names)', start: null });
    if (picked?.[0]) setValDir(picked[0]);
  };

  return (
    <Panel title="Split">
      {valDir ? (
        <div className="form-field">
          <span className="form-field__label">Validation folder</span>
          <p className="path-line" title={valDir}>{valDir}</p>
          <button type="button" className="btn btn--small split__other" onClick={() => setValDir(null)}>Hold out images instead</button>
        </div>
      ) : (
        <>
          <NumberField
            label="Validation share of each class (%)"
            value={Math.round(fraction * 100)}
            min={0}
            max={90}
            integer
            testId="validation-percent"
            onChange={(v) => setValidationFraction(v / 100)}
            help={counts ? `${counts.train} for training, ${counts.validation} for validation` : 'Held out of every class, the same images every run (seeded).'}
          />
          <button type="button" className="btn btn--small split__other" onClick={() => void chooseValDir()}>Use a separate validation folder…</button>
        </>
      )}
      <SelectField
        label="Resize"
        value={resize}
        onChange={setResize}
        options={[
          { value: 'crop', label: 'Centre crop (keep proportions)' },
          { value: 'stretch', label: 'Stretch to fit' },
        ]}
      />
      {picker.dialog}
    </Panel>
  );
}
