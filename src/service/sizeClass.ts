import type { GraphDoc } from '../graph/types';
import { inferGraph } from '../shapes/infer';

/** Designs of one size class train at about the same relative speed on each engine, so they share a measurement. */
export interface SizeClass {
  /** `100M-1G`: the key in the engine speed cache. */
  id: string;
  /** "100 M–1 G multiply-adds per image". */
  label: string;
  /** The design's own multiply-adds per image. */
  macs: number;
}

const CLASSES = [
  { below: 1e7, id: 'under-10M', words: 'under 10 M' },
  { below: 1e8, id: '10M-100M', words: '10–100 M' },
  { below: 1e9, id: '100M-1G', words: '100 M–1 G' },
  { below: 1e10, id: '1G-10G', words: '1–10 G' },
  { below: Infinity, id: 'over-10G', words: 'over 10 G' },
];

/**
 * The decade of multiply-adds per image a design falls in: under 10 M (per-step overhead dominates, where
 * TF.js's wasm backend does well), 10–100 M, 100 M–1 G (googlenet-96), 1–10 G (googlenet at 224 px), over 10 G.
 */
export function sizeClassOf(graph: Pick<GraphDoc, 'nodes' | 'edges'>): SizeClass {
  const macs = inferGraph(graph).totals.macs;
  const { id, words } = CLASSES.find((c) => macs < c.below)!;
  return { id, label: `${words} multiply-adds per image`, macs };
}

/** Images per probe step: 16 for googlenet-96, fewer for larger designs (a step stays short), more for small ones. */
export function probeBatchFor(macs: number): number {
  return Math.min(64, Math.max(2, Math.round((16 * 2.3e8) / Math.max(macs, 1))));
}
