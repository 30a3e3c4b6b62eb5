import type { LrPoint, LrSuggestion } from '../contract/lrFinder';

/** The smoothing of `LrPoint.smoothed`. */
export const LR_SMOOTHING = 0.9;

/** Appends one step's (lr, loss) to `points` with its smoothed loss, from the points before it. */
export function appendSmoothed(points: LrPoint[], step: { lr: number; loss: number }, beta = LR_SMOOTHING): LrPoint {
  const n = points.length;
  const before = n === 0 ? 0 : points[n - 1].smoothed * (1 - beta ** n);
  const average = beta * before + (1 - beta) * step.loss;
  const point = { ...step, smoothed: average / (1 - beta ** (n + 1)) };
  points.push(point);
  return point;
}

/** Adds the smoothed loss to each raw (lr, loss) pair. */
export function smoothLosses(raw: readonly { lr: number; loss: number }[], beta = LR_SMOOTHING): LrPoint[] {
  const points: LrPoint[] = [];
  for (const step of raw) appendSmoothed(points, step, beta);
  return points;
}

/** True once the smoothed loss has blown up: not finite, or over four times its lowest (after 10 steps). */
export function hasDiverged(points: readonly LrPoint[]): boolean {
  if (points.length === 0) return false;
  const last = points[points.length - 1].smoothed;
  if (!Number.isFinite(last)) return true;
  return points.length > 10 && last > 4 * Math.min(...points.map((p) => p.smoothed));
}

/** A learning rate from a range test's curve (see {@link LrSuggestion}). */
export function suggestLearningRate(points: readonly LrPoint[], halfWindow = 3): LrSuggestion {
  if (points.length === 0) throw new Error('no points to suggest a learning rate from');
  let lowestIndex = 0;
  points.forEach((p, i) => {
    if (p.smoothed < points[lowestIndex].smoothed) lowestIndex = i;
  });
  const lowest = points[lowestIndex].lr;
  let steepestIndex = -1;
  let steepestSlope = 0;
  for (let i = 0; i < lowestIndex; i++) {
    if (points[i].lr < lowest / 100) continue;
    const a = points[Math.max(0, i - halfWindow)];
    const b = points[Math.min(lowestIndex, i + halfWindow)];
    const run = Math.log10(b.lr) - Math.log10(a.lr);
    if (run <= 0) continue;
    const slope = (b.smoothed - a.smoothed) / run;
    if (slope < steepestSlope) {
      steepestSlope = slope;
      steepestIndex = i;
    }
  }
  return { lowest, steepest: steepestIndex >= 0 ? points[steepestIndex].lr : null, suggested: lowest / 10 };
}
