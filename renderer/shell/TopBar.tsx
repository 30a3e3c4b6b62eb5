import type { PresetInfo } from '../../src/service/api';
import type { FileCommands } from '../files/useFileCommands';
import { selectDirty, useEditor } from '../state/designStore';

interface TopBarProps {
  presets: readonly PresetInfo[];
  files: FileCommands;
  onHelp(): void;
}

const fileName = (path: string): string => path.split(/[\\/]/).pop() ?? path;

/** App name, file commands, the Presets menu, the design's name with its dirty marker, undo/redo and help. */
export function TopBar({ presets, files, onHelp }: TopBarProps) {
  const name = useEditor((s) => s.doc?.name ?? '');
  const presetName = useEditor((s) => s.presetName);
  const filePath = useEditor((s) => s.filePath);
  const dirty = useEditor(selectDirty);
  const canUndo = useEditor((s) => s.history.past.length > 0);
  const canRedo = useEditor((s) => s.history.future.length > 0);
  const undo = useEditor((s) => s.undo);
  const redo = useEditor((s) => s.redo);

  return (
    <header className="top-bar">
      <div className="top-bar__brand">
        <span className="top-bar__logo" aria-hidden="true" />
        Inception Studio
      </div>
      <nav className="top-bar__group" aria-label="File">
        <button type="button" className="top-bar__button" data-testid="file-new" onClick={files.newDesign} title="Start an empty design">New</button>
        <button type="button" className="top-bar__button" data-testid="file-open" onClick={files.open} title="Open a saved design (Ctrl+O)">Open</button>
        <button type="button" className="top-bar__button" data-testid="file-save" onClick={files.save} title="Save (Ctrl+S)">Save</button>
        <button type="button" className="top-bar__button" data-testid="file-save-as" onClick={files.saveAs} title="Save under a new name (Ctrl+Shift+S)">Save As</button>
        <button type="button" className="top-bar__button" data-testid="file-import" onClick={files.startImport} title="Import an ONNX or TF.js model as a design with its weights">Import…</button>
      </nav>
      <label className="top-bar__presets">
        <span className="top-bar__label">Presets</span>
        <select
          data-testid="preset-select"
          value={presetName ?? ''}
          disabled={files.loading || presets.length === 0}
          onChange={(e) => e.target.value && files.loadPreset(e.target.value)}
        >
          <option value="" disabled>{presets.length ? 'Choose a preset…' : 'Loading…'}</option>
          {presets.map((p) => (
            <option key={p.name} value={p.name} title={p.description}>{p.title}</option>
          ))}
        </select>
      </label>
      <div className="top-bar__design" title={filePath ?? 'Not saved to a file yet'}>
        <span className="top-bar__name" data-testid="design-name">{name}</span>
        {dirty && <span className="top-bar__dirty" data-testid="dirty-marker" title="Unsaved changes" aria-label="unsaved changes">●</span>}
        {filePath && <span className="top-bar__file">{fileName(filePath)}</span>}
      </div>
      <div className="top-bar__group" aria-label="Edit">
        <button type="button" className="top-bar__button top-bar__icon" data-testid="undo-button" onClick={undo} disabled={!canUndo} title="Undo (Ctrl+Z)" aria-label="Undo">↶</button>
        <button type="button" className="top-bar__button top-bar__icon" data-testid="redo-button" onClick={redo} disabled={!canRedo} title="Redo (Ctrl+Shift+Z)" aria-label="Redo">↷</button>
        <button type="button" className="top-bar__button top-bar__icon" data-testid="help-button" onClick={onHelp} title="Keyboard shortcuts (?)" aria-label="Keyboard shortcuts">?</button>
      </div>
    </header>
  );
}
