import { useReactFlow } from '@xyflow/react';
import { useCallback } from 'react';
import { nodeBoxSize } from '../../../src/graph/layout/nodeSize';
import { getLayer } from '../../../src/layers/catalog';
import { nodeText } from '../../../src/shapes/nodeText';
import { useEditor } from '../../state/designStore';
import { layoutInWorker } from './layoutWorker';

/**
 * Auto-layout of the open design, computed in the layout worker, as one undo step; then shows it as a
 * newly opened design is shown. Each box is as measured, and at least as tall as it grows when zoomed out.
 */
export function useAutoLayout(): () => Promise<void> {
  const flow = useReactFlow();
  return useCallback(async () => {
    const { doc, inference, moveNodes, requestFit, say } = useEditor.getState();
    if (!doc) return;
    try {
      const measured = new Map(flow.getNodes().map((n) => [n.id, n.measured]));
      const sizes = new Map(doc.nodes.map((node) => {
        const info = inference?.nodes.get(node.id);
        const badges = Number(Boolean(node.frozen)) + Number(Boolean(info?.errors.length)) + Number(Boolean(getLayer(node.kind)?.composite));
        const needed = nodeBoxSize({ ...nodeText(node, info), badges });
        const seen = measured.get(node.id);
        return [node.id, { width: seen?.width ?? needed.width, height: Math.max(seen?.height ?? 0, needed.height) }];
      }));
      const positions = await layoutInWorker(doc, sizes);
      if (useEditor.getState().doc !== doc) return;
      moveNodes(positions);
      requestFit('readable');
    } catch (error) {
      say(`Auto-layout failed: ${error instanceof Error ? error.message : String(error)}`, 'error');
    }
  }, [flow]);
}
