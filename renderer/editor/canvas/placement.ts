import type { GraphDoc, Position } from '../../../src/graph/types';

/** The drag-and-drop type a palette item carries: the layer kind. */
export const LAYER_MIME = 'application/x-inception-layer';

/** From a node's top-left corner to (about) its centre. */
export const NODE_CENTRE: Position = { x: 110, y: 36 };
/** Below a node, where a layer appended after it goes. */
export const ROW_STEP = 110;
const GRID = 20;

export const snapPosition = (p: Position): Position => ({ x: Math.round(p.x / GRID) * GRID, y: Math.round(p.y / GRID) * GRID });

/** Side steps tried, in order, on each row. */
const COLUMNS = [0, 250, -250, 500, -500];

/** `wanted`, or the nearest place beside or below it that no node's box covers. */
export function freeSpot(graph: Pick<GraphDoc, 'nodes'>, wanted: Position): Position {
  const free = (at: Position) => !graph.nodes.some((n) => Math.abs(n.position.x - at.x) < 220 && Math.abs(n.position.y - at.y) < 90);
  for (let row = 0; row < 100; row++) {
    for (const dx of COLUMNS) {
      const at = { x: wanted.x + dx, y: wanted.y + row * ROW_STEP };
      if (free(at)) return at;
    }
  }
  return wanted;
}
