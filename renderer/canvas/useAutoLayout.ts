import { useReactFlow } from '@xyflow/react';
import { useCallback } from 'react';
import { useEditor } from '../store';
import { autoLayout, DEFAULT_NODE_SIZE } from './layout';

/** Auto-layout of the open design with the nodes' measured sizes, as one undo step, then shows it as a newly opened design is shown. */
export function useAutoLayout(): () => Promise<void> {
  const flow = useReactFlow();
  return useCallback(async () => {
    const { doc, moveNodes, requestFit, say } = useEditor.getState();
    if (!doc) return;
    try {
      const sizes = new Map(flow.getNodes().map((n) => [n.id, {
        width: n.measured?.width ?? DEFAULT_NODE_SIZE.width,
        height: n.measured?.height ?? DEFAULT_NODE_SIZE.height,
      }]));
      const positions = await autoLayout(doc, sizes);
      if (useEditor.getState().doc !== doc) return;
      moveNodes(positions);
      requestFit('readable');
    } catch (error) {
      say(`Auto-layout failed: ${error instanceof Error ? error.message : String(error)}`, 'error');
    }
  }, [flow]);
}
