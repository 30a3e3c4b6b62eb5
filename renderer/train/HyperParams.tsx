import { describeAugment } from '../state/augmentPresets';
import { useNav } from '../state/navStore';
import { CheckField, NumberField, Panel, SelectField, TextField } from '../components/fields';
import { useHost } from '../state/hostStore';
import { presetOfDesign, presetTitle } from '../state/presetTitles';
import { useEditor } from '../state/designStore';
import { LrFinder } from './LrFinder';
import type { DataSettings, TrainSettings } from '../state/trainSettings';
import { useTrainSettings } from '../state/trainStore';

type Problems = Partial<Record<keyof TrainSettings | 'data' | 'augment', string>>;

/** The run's options, starting from the defaults of the preset the design came from. */
export function HyperParams({ problems, disabled, data }: { problems: Problems; disabled: boolean; data: DataSettings | null }) {
  const s = useTrainSettings((state) => state.settings);
  const touched = useTrainSettings((state) => state.touched);
  const setSetting = useTrainSettings((state) => state.setSetting);
  const applyDefaults = useTrainSettings((state) => state.applyDefaults);
  const presetName = useEditor((state) => state.presetName);
  const designName = useEditor((state) => state.doc?.name ?? null);
  const presets = useHost((state) => state.presets);
  const set = <K extends keyof TrainSettings>(key: K) => (value: TrainSettings[K]) => setSetting(key, value);
  const resetTo = presetOfDesign(presetName, designName, presets);
  const resetTitle = resetTo ? presetTitle(resetTo, presets) : null;

  return (
    <Panel
      title="Options"
      testId="hyperparams"
      actions={touched && (
        <button type="button" className="btn btn--small" onClick={() => applyDefaults(resetTo)} disabled={disabled} title="Start again from the recommended options">
          Defaults{resetTitle ? ` for ${resetTitle}` : ''}
        </button>
      )}
    >
      <div className="form-grid">
        <NumberField label="Epochs" value={s.epochs} min={1} max={10000} integer onChange={set('epochs')} problem={problems.epochs} testId="opt-epochs" disabled={disabled} />
        <NumberField label="Batch size" value={s.batchSize} min={1} max={4096} integer onChange={set('batchSize')} problem={problems.batchSize} testId="opt-batch" disabled={disabled} />
        <SelectField
          label="Optimizer"
          value={s.optimizer}
          onChange={set('optimizer')}
          testId="opt-optimizer"
          disabled={disabled}
          options={[{ value: 'sgd', label: 'SGD + momentum' }, { value: 'adam', label: 'Adam' }, { value: 'adamw', label: 'AdamW' }]}
        />
        <NumberField label="Learning rate" value={s.lr} min={0} max={10} onChange={set('lr')} problem={problems.lr} testId="opt-lr" disabled={disabled} />
        {s.optimizer === 'sgd' && (
          <NumberField label="Momentum" value={s.momentum} min={0} max={0.999} onChange={set('momentum')} problem={problems.momentum} disabled={disabled} />
        )}
        <NumberField label="Weight decay" value={s.weightDecay} min={0} max={1} onChange={set('weightDecay')} problem={problems.weightDecay} disabled={disabled} />
        <SelectField
          label="Schedule"
          value={s.schedule}
          onChange={set('schedule')}
          disabled={disabled}
          options={[{ value: 'cosine', label: 'Cosine decay' }, { value: 'step', label: 'Step decay' }, { value: 'constant', label: 'Constant' }]}
        />
        {s.schedule === 'step' && (
          <>
            <NumberField label="Every (epochs)" value={s.stepEpochs} min={1} integer onChange={set('stepEpochs')} problem={problems.stepEpochs} disabled={disabled} />
            <NumberField label="Multiply by" value={s.gamma} min={0} max={1} onChange={set('gamma')} problem={problems.gamma} disabled={disabled} />
          </>
        )}
        <NumberField label="Warm-up epochs" value={s.warmupEpochs} min={0} max={100} onChange={set('warmupEpochs')} problem={problems.warmupEpochs} disabled={disabled} />
        <NumberField label="Label smoothing" value={s.labelSmoothing} min={0} max={0.5} onChange={set('labelSmoothing')} problem={problems.labelSmoothing} disabled={disabled} />
        <TextField label="Progressive resizing" value={s.progressiveResize} placeholder="none, or e.g. 48:1,64:1" onChange={set('progressiveResize')}
          problem={problems.progressiveResize} testId="opt-progressive-resize" disabled={disabled}
          help="First epochs on smaller images (SIZE:EPOCHS, in order), then the design's own size: faster early epochs." />
        <NumberField label="Random seed" value={s.seed} min={0} integer onChange={set('seed')} problem={problems.seed} disabled={disabled}
          help="The same seed repeats a run exactly." />
        <CheckField label="Stop early" checked={s.earlyStopping} onChange={set('earlyStopping')} disabled={disabled} help="when validation loss stops improving" />
        {s.earlyStopping && (
          <NumberField label="Patience (epochs)" value={s.patience} min={1} integer onChange={set('patience')} problem={problems.patience} disabled={disabled} />
        )}
      </div>
      {data && (
        <p className="panel__text panel__text--muted" data-testid="train-augment">
          Augmentation: {describeAugment(data.augment)}{' '}
          <button type="button" className="link" onClick={() => useNav.getState().go('dataset')}>change in Dataset</button>
        </p>
      )}
      <LrFinder data={data} disabled={disabled} />
    </Panel>
  );
}
