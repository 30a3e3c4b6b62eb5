import { useReactFlow, useStoreApi } from '@xyflow/react';
import { useCallback } from 'react';
import { useEditor } from '../../state/designStore';
import { freeSpot, NODE_CENTRE, ROW_STEP, snapPosition } from './placement';

/**
 * Adds a layer from the palette or the quick-add box: below the one selected node, connected to it,
 * or else at the centre of the visible canvas; moved down past any node already there.
 */
export function useAddLayer(): (kind: string) => void {
  const flow = useReactFlow();
  const store = useStoreApi();
  return useCallback((kind: string) => {
    const { doc, selection, view, addLayer } = useEditor.getState();
    if (!doc) return;
    const after = selection.length === 1 ? doc.nodes.find((n) => n.id === selection[0]) ?? null : null;
    let wanted;
    if (after) {
      wanted = { x: after.position.x, y: after.position.y + ROW_STEP };
    } else {
      const rect = store.getState().domNode?.getBoundingClientRect();
      const centre = rect
        ? flow.screenToFlowPosition({ x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 })
        : { x: 0, y: 0 };
      wanted = { x: centre.x - NODE_CENTRE.x, y: centre.y - NODE_CENTRE.y };
    }
    if (view.snapToGrid) wanted = snapPosition(wanted);
    addLayer(kind, freeSpot(doc, wanted), after?.id ?? null);
  }, [flow, store]);
}
