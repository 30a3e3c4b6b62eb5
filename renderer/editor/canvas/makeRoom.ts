import type { Position } from '../../../src/graph/types';

/** A node on the canvas with its measured size. */
export interface PlacedBox { id: string; x: number; y: number; width: number; height: number }

/**
 * Where nodes go when one of them grows taller (its branches shown): if the grown node would now
 * cover a node below it, every node that started below its old bottom moves down by the growth,
 * so nothing is covered and the layout keeps its shape. Empty when nothing would be covered.
 */
export function makeRoom(boxes: readonly PlacedBox[], grownId: string, oldHeight: number): Map<string, Position> {
  const grown = boxes.find((b) => b.id === grownId);
  const moves = new Map<string, Position>();
  if (!grown || grown.height <= oldHeight) return moves;
  const oldBottom = grown.y + oldHeight;
  const newBottom = grown.y + grown.height;
  const below = boxes.filter((b) => b.id !== grownId && b.y >= oldBottom - 1);
  const covered = below.some((b) => b.y < newBottom && b.x < grown.x + grown.width && grown.x < b.x + b.width);
  if (!covered) return moves;
  const growth = grown.height - oldHeight;
  for (const b of below) moves.set(b.id, { x: b.x, y: b.y + growth });
  return moves;
}
