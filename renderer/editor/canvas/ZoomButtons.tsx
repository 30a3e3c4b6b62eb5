import { useReactFlow, useStore } from '@xyflow/react';

/** Zoom out, the zoom level (click: 100 %), zoom in. */
export function ZoomButtons() {
  const flow = useReactFlow();
  const zoom = useStore((s) => s.transform[2]);
  return (
    <div className="zoom-buttons" role="group" aria-label="Zoom">
      <button type="button" onClick={() => void flow.zoomOut({ duration: 150 })} aria-label="Zoom out" title="Zoom out">−</button>
      <button type="button" className="zoom-buttons__level" onClick={() => void flow.zoomTo(1, { duration: 150 })} title="Zoom to 100 %" data-testid="zoom-level">
        {Math.round(zoom * 100)} %
      </button>
      <button type="button" onClick={() => void flow.zoomIn({ duration: 150 })} aria-label="Zoom in" title="Zoom in">+</button>
    </div>
  );
}
