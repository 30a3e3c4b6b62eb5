/** A point on the canvas, in flow coordinates. */
export interface Point { x: number; y: number }

export interface Size { width: number; height: number }

/** A node's box: its top-left corner and size. */
export interface Box extends Point, Size { id: string }

/** Whether two boxes share any area (touching edges do not count). */
export function boxesOverlap(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/**
 * Whether the axis-parallel or slanted segment from `a` to `b` passes through the inside of the box
 * shrunk by `inset` on each side (so a segment ending on the box's border does not count).
 */
export function segmentCrossesBox(a: Point, b: Point, box: Box, inset = 0): boolean {
  const left = box.x + inset;
  const right = box.x + box.width - inset;
  const top = box.y + inset;
  const bottom = box.y + box.height - inset;
  if (left >= right || top >= bottom) return false;
  // Liang–Barsky clipping: does any part of the segment lie strictly inside the rectangle?
  let t0 = 0;
  let t1 = 1;
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const edges: [number, number][] = [[-dx, a.x - left], [dx, right - a.x], [-dy, a.y - top], [dy, bottom - a.y]];
  for (const [p, q] of edges) {
    if (p === 0) {
      if (q <= 0) return false;
      continue;
    }
    const t = q / p;
    if (p < 0) t0 = Math.max(t0, t);
    else t1 = Math.min(t1, t);
    if (t0 >= t1) return false;
  }
  return true;
}

/** Whether the polyline through `points` passes through any of `boxes` (shrunk by `inset`). */
export function polylineCrossesAny(points: readonly Point[], boxes: readonly Box[], inset = 0): Box | null {
  for (let i = 1; i < points.length; i++) {
    for (const box of boxes) if (segmentCrossesBox(points[i - 1], points[i], box, inset)) return box;
  }
  return null;
}
