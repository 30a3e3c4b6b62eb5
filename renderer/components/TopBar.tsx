import type { PresetInfo } from '../../src/service/api';
import { useEditor } from '../store';

interface TopBarProps {
  presets: readonly PresetInfo[];
  /** Called with the chosen preset's name. */
  onPickPreset(name: string): void;
  /** True while a preset is loading. */
  busy: boolean;
}

/** App name, the Presets menu and the design's name. */
export function TopBar({ presets, onPickPreset, busy }: TopBarProps) {
  const name = useEditor((s) => s.doc?.name ?? '');
  const presetName = useEditor((s) => s.presetName);

  return (
    <header className="top-bar">
      <div className="top-bar__brand">
        <span className="top-bar__logo" aria-hidden="true" />
        Inception Studio
      </div>
      <label className="top-bar__presets">
        <span className="top-bar__label">Presets</span>
        <select
          data-testid="preset-select"
          value={presetName ?? ''}
          disabled={busy || presets.length === 0}
          onChange={(e) => e.target.value && onPickPreset(e.target.value)}
        >
          <option value="" disabled>{presets.length ? 'Choose a preset…' : 'Loading…'}</option>
          {presets.map((p) => (
            <option key={p.name} value={p.name} title={p.description}>{p.title}</option>
          ))}
        </select>
      </label>
      <div className="top-bar__design" title={name}>
        <span className="top-bar__label">Design</span>
        <span className="top-bar__name" data-testid="design-name">{name}</span>
      </div>
    </header>
  );
}
