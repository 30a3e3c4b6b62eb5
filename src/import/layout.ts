import type { Position } from '../graph/types';

const ROW = 110;
const COLUMN = 260;

/**
 * A layered layout, top to bottom: each node one row below its deepest input; nodes of a row side by
 * side, centred, in the order they were added (so a Concat's branches keep their slot order).
 */
export function layeredLayout(nodes: readonly { id: string; inputs: readonly string[] }[]): Map<string, Position> {
  const depth = new Map<string, number>();
  for (const n of nodes) depth.set(n.id, n.inputs.reduce((d, i) => Math.max(d, (depth.get(i) ?? 0) + 1), 0));
  const rows = new Map<number, string[]>();
  for (const n of nodes) rows.set(depth.get(n.id)!, [...(rows.get(depth.get(n.id)!) ?? []), n.id]);
  const positions = new Map<string, Position>();
  for (const [row, ids] of rows) {
    ids.forEach((id, i) => positions.set(id, { x: Math.round((i - (ids.length - 1) / 2) * COLUMN), y: row * ROW }));
  }
  return positions;
}
