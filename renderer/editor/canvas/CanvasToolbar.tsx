import { useState } from 'react';
import { useEditor } from '../../state/designStore';
import { useAutoLayout } from './useAutoLayout';
import { ZoomButtons } from './ZoomButtons';

/** Canvas commands: auto-layout, fit view, zoom, snap to grid, shapes on edges, minimap. */
export function CanvasToolbar() {
  const view = useEditor((s) => s.view);
  const setView = useEditor((s) => s.setView);
  const requestFit = useEditor((s) => s.requestFit);
  const autoLayout = useAutoLayout();
  const [busy, setBusy] = useState(false);

  const layout = () => {
    setBusy(true);
    void autoLayout().finally(() => setBusy(false));
  };

  return (
    <div className="canvas-toolbar" role="toolbar" aria-label="Canvas">
      <button type="button" data-testid="layout-button" onClick={layout} disabled={busy} title="Arrange the layers top to bottom (Ctrl+Shift+L)">
        Auto-layout
      </button>
      <button type="button" data-testid="fit-button" onClick={() => requestFit('all')} title="Show the whole design (Shift+1); a tall one shows its layer names and shapes in large type">
        Fit view
      </button>
      <ZoomButtons />
      <label className="canvas-toolbar__toggle" title="Snap moved and added nodes to a 20 px grid">
        <input type="checkbox" data-testid="snap-toggle" checked={view.snapToGrid} onChange={(e) => setView({ snapToGrid: e.target.checked })} />
        Snap
      </label>
      <label className="canvas-toolbar__toggle" title="Label each edge with the tensor shape it carries">
        <input type="checkbox" data-testid="edge-shapes-toggle" checked={view.edgeShapes} onChange={(e) => setView({ edgeShapes: e.target.checked })} />
        Edge shapes
      </label>
      <label className="canvas-toolbar__toggle" title="Show the overview of the whole design">
        <input type="checkbox" data-testid="minimap-toggle" checked={view.minimap} onChange={(e) => setView({ minimap: e.target.checked })} />
        Minimap
      </label>
    </div>
  );
}
