import { Modal } from '../components/Modal';

const MOD = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform) ? '⌘' : 'Ctrl';

/** Every shortcut the editor handles, in the order a user meets them. */
export const SHORTCUTS: readonly [keys: string, what: string][] = [
  ['A–Z', 'Quick-add: type a layer name, Enter adds it'],
  ['Double-click / Enter on a palette item', 'Add it below the selected node, or at the centre'],
  [`${MOD}+Z`, 'Undo'],
  [`${MOD}+Shift+Z, ${MOD}+Y`, 'Redo'],
  ['Delete, Backspace', 'Delete the selected nodes and edges'],
  [`${MOD}+C / ${MOD}+X / ${MOD}+V`, 'Copy / cut / paste (edges inside the selection are kept)'],
  [`${MOD}+D`, 'Duplicate the selection'],
  [`${MOD}+A`, 'Select all'],
  ['Shift+click, Shift+drag', 'Add to the selection, select with a box'],
  ['Escape', 'Clear the selection, close a dialog'],
  [`${MOD}+Shift+L`, 'Auto-layout'],
  ['Shift+1', 'Fit the design in view'],
  [`${MOD}+S / ${MOD}+Shift+S`, 'Save / Save As'],
  [`${MOD}+O`, 'Open'],
  ['?', 'This help'],
];

/** The keyboard shortcuts, one per line. */
export function HelpOverlay({ onClose }: { onClose(): void }) {
  return (
    <Modal title="Keyboard shortcuts" onClose={onClose} testId="help-overlay" wide>
      <table className="shortcuts">
        <tbody>
          {SHORTCUTS.map(([keys, what]) => (
            <tr key={keys}>
              <th scope="row"><kbd>{keys}</kbd></th>
              <td>{what}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="modal__text modal__text--muted">
        Connect layers by dragging from a node’s bottom handle to another’s top handle; a connection that
        cannot work is refused with the reason. Hover a node marked ! to read its error.
      </p>
      <div className="modal__actions">
        <button type="button" className="button--primary" onClick={onClose} autoFocus>Close</button>
      </div>
    </Modal>
  );
}
