import { MiniMap } from '@xyflow/react';
import { useEditor } from '../../state/designStore';
import type { LayerFlowNode } from './flowElements';

const minimapColor = (node: LayerFlowNode): string => (node.data.errors ? '#dc2626' : '#94a3b8');
const SIZE = { width: 268, height: 132 };

/**
 * The minimap, drawn beside the canvas instead of over it so it never hides a node. It reads the
 * canvas's React Flow store through the ReactFlowProvider around both.
 */
export function Overview() {
  const shown = useEditor((s) => s.view.minimap);
  if (!shown) return null;
  return (
    <section className="overview" aria-label="Overview" data-testid="overview">
      <MiniMap<LayerFlowNode> nodeColor={minimapColor} pannable zoomable style={SIZE} ariaLabel="Overview of the design" />
    </section>
  );
}
