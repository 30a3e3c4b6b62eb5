import { segmentCrossesBox, type Box, type Point } from './geometry';

export interface RouteOptions {
  /** How far a path keeps from boxes it passes. */
  clearance?: number;
  /** Space between neighbouring lanes of skip connections. */
  laneGap?: number;
}

const DEFAULTS: Required<RouteOptions> = { clearance: 10, laneGap: 10 };

/** An edge's path: from the source's bottom centre through its bends to the target's top centre. */
export type Route = Point[];

/** Boxes sorted by top, to find those a horizontal band meets without looking at all of them. */
class BoxIndex {
  private readonly sorted: Box[];
  private readonly tallest: number;
  constructor(boxes: Iterable<Box>) {
    this.sorted = [...boxes].sort((a, b) => a.y - b.y);
    this.tallest = Math.max(0, ...this.sorted.map((b) => b.height));
  }

  /** Boxes that meet the band between y0 and y1 (either order). */
  *band(y0: number, y1: number): Generator<Box> {
    const lo = Math.min(y0, y1);
    const hi = Math.max(y0, y1);
    let i = firstAtOrAfter(this.sorted, lo - this.tallest);
    for (; i < this.sorted.length && this.sorted[i].y <= hi; i++) {
      const box = this.sorted[i];
      if (box.y + box.height >= lo) yield box;
    }
  }
}

function firstAtOrAfter(sorted: readonly Box[], y: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid].y < y) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

interface LaneRequest { edge: string; from: Point; to: Point; y1: number; y2: number }

/**
 * Orthogonal paths for edges between boxes, each leaving its source's bottom centre and entering its
 * target's top centre, keeping `clearance` away from every other box. An edge takes the first of:
 * straight down; down, across in the gap above the target, down; across in the gap below the source,
 * down. Any other edge (a skip connection with nodes in its way, or one going back up) runs in a
 * vertical lane beside every box it passes; the edges of one source share its lane, like a bus, and
 * lanes that run side by side keep `laneGap` apart.
 */
export function routeEdges(
  boxes: ReadonlyMap<string, Box>,
  edges: readonly { id: string; source: string; target: string }[],
  options: RouteOptions = {},
): Map<string, Route> {
  const { clearance, laneGap } = { ...DEFAULTS, ...options };
  const index = new BoxIndex(boxes.values());
  const clear = (points: readonly Point[], skip: readonly Box[]) => {
    for (let i = 1; i < points.length; i++) {
      for (const box of index.band(points[i - 1].y, points[i].y)) {
        if (skip.includes(box)) continue;
        if (segmentCrossesBox(points[i - 1], points[i], grow(box, clearance))) return false;
      }
    }
    return true;
  };

  const routes = new Map<string, Route>();
  const lanes = new Map<string, LaneRequest[]>();
  for (const edge of edges) {
    const s = boxes.get(edge.source);
    const t = boxes.get(edge.target);
    if (!s || !t || s === t) continue;
    const from = { x: s.x + s.width / 2, y: s.y + s.height };
    const to = { x: t.x + t.width / 2, y: t.y };
    const ends = [s, t];
    const drop = to.y - from.y;
    if (drop > 2 * clearance) {
      const nearTarget = to.y - Math.min(clearance * 2, drop / 2);
      const nearSource = from.y + Math.min(clearance * 2, drop / 2);
      const candidates: Point[][] = [
        [from, to],
        [from, { x: from.x, y: nearTarget }, { x: to.x, y: nearTarget }, to],
        [from, { x: from.x, y: nearSource }, { x: to.x, y: nearSource }, to],
      ];
      const found = candidates.find((c) => (c.length > 2 || Math.abs(from.x - to.x) < 0.5) && clear(c, ends));
      if (found) {
        routes.set(edge.id, simplify(found));
        continue;
      }
    }
    const y1 = freeBelow(from, index, s, clearance);
    const y2 = freeAbove(to, index, t, clearance);
    const list = lanes.get(edge.source) ?? [];
    list.push({ edge: edge.id, from, to, y1, y2 });
    lanes.set(edge.source, list);
  }

  // One lane per source, on the side of the boxes it passes that is nearer, apart from lanes beside it.
  const placed: { x: number; lo: number; hi: number; right: boolean }[] = [];
  const groups = [...lanes.values()].map((requests) => {
    const lo = Math.min(...requests.map((r) => Math.min(r.y1, r.y2)));
    const hi = Math.max(...requests.map((r) => Math.max(r.y1, r.y2)));
    let minLeft = Infinity;
    let maxRight = -Infinity;
    for (const box of index.band(lo, hi)) {
      minLeft = Math.min(minLeft, box.x);
      maxRight = Math.max(maxRight, box.x + box.width);
    }
    const x = requests[0].from.x;
    if (!Number.isFinite(minLeft)) minLeft = maxRight = x;
    return { requests, lo, hi, right: maxRight - x <= x - minLeft, minLeft, maxRight };
  }).sort((a, b) => a.lo - b.lo || a.hi - b.hi);
  for (const group of groups) {
    const step = group.right ? laneGap : -laneGap;
    let x = group.right ? group.maxRight + clearance + laneGap : group.minLeft - clearance - laneGap;
    for (let moved = true; moved;) {
      moved = false;
      for (const lane of placed) {
        if (lane.right !== group.right || lane.hi + laneGap < group.lo || group.hi + laneGap < lane.lo) continue;
        if (Math.abs(lane.x - x) < laneGap) {
          x = lane.x + step;
          moved = true;
        }
      }
    }
    placed.push({ x, lo: group.lo, hi: group.hi, right: group.right });
    for (const r of group.requests) {
      routes.set(r.edge, simplify([r.from, { x: r.from.x, y: r.y1 }, { x, y: r.y1 }, { x, y: r.y2 }, { x: r.to.x, y: r.y2 }, r.to]));
    }
  }
  return routes;
}

function grow(box: Box, by: number): Box {
  return { id: box.id, x: box.x - by, y: box.y - by, width: box.width + 2 * by, height: box.height + 2 * by };
}

/** A height just below `from` where a path can turn: below any box beside the source that reaches lower. */
function freeBelow(from: Point, index: BoxIndex, own: Box, clearance: number): number {
  let y = from.y + clearance;
  for (const box of index.band(own.y, y)) if (box !== own && box.y < y) y = Math.max(y, box.y + box.height + clearance);
  return y;
}

/** A height just above `to` where a path can turn: above any box beside the target that reaches higher. */
function freeAbove(to: Point, index: BoxIndex, own: Box, clearance: number): number {
  let y = to.y - clearance;
  for (const box of index.band(y, own.y + own.height)) if (box !== own && box.y + box.height > y) y = Math.min(y, box.y - clearance);
  return y;
}

/** Drops bends that do not turn (repeated points, or three in one line). */
function simplify(points: readonly Point[]): Route {
  const out: Point[] = [];
  for (const p of points) {
    const last = out.at(-1);
    if (last && Math.abs(last.x - p.x) < 0.01 && Math.abs(last.y - p.y) < 0.01) continue;
    const before = out.at(-2);
    if (before && last && ((before.x === last.x && last.x === p.x) || (before.y === last.y && last.y === p.y))) out.pop();
    out.push(p);
  }
  return out;
}
