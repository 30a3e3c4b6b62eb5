import { useEffect, useState } from 'react';
import type { AugmentSpec } from '../../src/contract/augment';
import type { DatasetSummary, PreviewOptions } from '../../src/service/api';
import { CheckField, NumberField, Panel } from '../components/fields';
import { Thumbnail } from '../components/Thumbnail';
import { useImagePreviews } from '../components/previews';
import { AUGMENT_PRESETS, matchingPreset } from '../state/augmentPresets';
import { useDataset } from '../state/datasetStore';
import { useDesignInput } from './useDesignInput';

/** Random variants shown per sample image. */
const VARIANTS = [1, 2, 3, 4, 5];
const SAMPLES = 4;

/** Waits until `value` has not changed for `ms` (typing 15 in a field asks for one preview, not two). */
function useSettled<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/** Augmentation options with a live grid: each sample as the network sees it, then random variants. */
export function AugmentPanel({ summary }: { summary: DatasetSummary | null }) {
  const augment = useDataset((s) => s.augment);
  const setAugment = useDataset((s) => s.setAugment);
  const set = <K extends keyof AugmentSpec>(key: K) => (value: AugmentSpec[K]) => setAugment({ [key]: value } as Partial<AugmentSpec>);
  const preset = matchingPreset(augment);
  return (
    <Panel title="Augmentation">
      <div className="augment-presets" role="group" aria-label="Augmentation presets" data-testid="augment-presets">
        {AUGMENT_PRESETS.map((p) => (
          <button
            key={p.id}
            type="button"
            className="btn btn--small"
            aria-pressed={preset?.id === p.id}
            title={p.hint}
            data-testid={`augment-preset-${p.id}`}
            onClick={() => setAugment(p.spec)}
          >
            {p.title}
          </button>
        ))}
        <span className="augment-presets__hint" data-testid="augment-preset-hint">{preset ? preset.hint : 'Custom choices'}</span>
      </div>
      <div className="form-grid">
        <CheckField label="Mirror left–right" checked={augment.flip} onChange={set('flip')} testId="augment-flip" />
        <NumberField label="Shift (pixels)" value={augment.cropPadding} min={0} max={1024} integer onChange={set('cropPadding')} testId="augment-shift" />
        <NumberField label="Rotate (± degrees)" value={augment.rotation} min={0} max={180} onChange={set('rotation')} testId="augment-rotation" />
        <NumberField label="Zoom (± fraction)" value={augment.scale} min={0} max={0.9} onChange={set('scale')} testId="augment-scale" />
        <NumberField label="Colour jitter (±)" value={augment.colorJitter} min={0} max={1} onChange={set('colorJitter')} testId="augment-jitter" />
      </div>
      {summary ? <AugmentPreview summary={summary} augment={augment} /> : <p className="panel__text panel__text--muted">Choose a folder to preview.</p>}
    </Panel>
  );
}

function AugmentPreview({ summary, augment }: { summary: DatasetSummary; augment: AugmentSpec }) {
  const input = useDesignInput();
  const resize = useDataset((s) => s.resize);
  const settled = useSettled(augment, 250);
  const samples = summary.examples.map((list) => list[0]).filter(Boolean).slice(0, SAMPLES);
  const size = input ? Math.min(input.height, 128) : 64;
  const base: PreviewOptions = { size, channels: input?.channels ?? 3, resize };
  return (
    <div className="augment-grid" data-testid="augment-preview" style={{ gridTemplateColumns: `repeat(${VARIANTS.length + 1}, 1fr)` }}>
      <span className="augment-grid__head">as seen</span>
      {VARIANTS.map((v) => <span key={v} className="augment-grid__head">variant {v}</span>)}
      <PreviewColumn samples={samples} options={base} />
      {VARIANTS.map((variant) => <PreviewColumn key={variant} samples={samples} options={{ ...base, augment: settled, variant }} />)}
    </div>
  );
}

/** One column of the grid: every sample with the same options. */
function PreviewColumn({ samples, options }: { samples: string[]; options: PreviewOptions }) {
  const previews = useImagePreviews(samples, options);
  return (
    <div className="augment-grid__column">
      {samples.map((path) => <Thumbnail key={path} path={path} preview={previews.get(path)} size={48} pixelated={options.size < 48} />)}
    </div>
  );
}
