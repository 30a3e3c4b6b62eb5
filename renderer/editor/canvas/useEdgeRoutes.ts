import { useEffect, useRef, useState } from 'react';
import type { Point } from '../../../src/graph/layout/geometry';
import type { GraphDoc } from '../../../src/graph/types';
import type { LayerFlowNode } from './flowElements';
import { routeInWorker } from './layoutWorker';

/**
 * Routes for the design's edges around the nodes as the canvas drew them, asked of the layout worker
 * whenever the design changes (a drop after a drag included) or a node's measured size does. Until an
 * answer arrives, edges whose nodes moved are drawn as curves.
 */
export function useEdgeRoutes(doc: GraphDoc | null, nodes: readonly LayerFlowNode[], sizesVersion: number): Map<string, Point[]> {
  const [routes, setRoutes] = useState<Map<string, Point[]>>(() => new Map());
  const latest = useRef(nodes);
  latest.current = nodes;
  useEffect(() => {
    if (!doc) return;
    const boxes = latest.current.map((n) => ({ id: n.id, ...n.position, width: n.measured?.width ?? 0, height: n.measured?.height ?? 0 }));
    if (boxes.some((b) => b.width === 0)) return;
    let current = true;
    routeInWorker(boxes, doc.edges)
      .then((answer) => current && setRoutes(answer))
      // Without routes the edges stay curves; nothing the user must act on.
      .catch(() => undefined);
    return () => {
      current = false;
    };
  }, [doc, sizesVersion]);
  return routes;
}
