import { describe, expect, it } from 'vitest';
import type { GraphNode } from '../../../src/graph/types';
import { initialFit, READABLE_ZOOM } from './initialView';

const chain = (count: number): GraphNode[] =>
  Array.from({ length: count }, (_, i) => ({ id: `n${i}`, kind: 'ReLU', params: {}, position: { x: 0, y: i * 120 } }));

describe('initialFit', () => {
  it('fits a short chain whole', () => {
    expect(initialFit(chain(6), { width: 1280, height: 690 })).toEqual({ padding: 0.08, maxZoom: 1 });
  });

  it('fits only the top of a tall chain, at a readable zoom', () => {
    const fit = initialFit(chain(20), { width: 1280, height: 690 });
    expect(fit.minZoom).toBe(READABLE_ZOOM);
    // 690 × 0.84 / 0.6 = 966 px of the design: the rows whose 80 px box ends by then start at 0 … 840.
    expect(fit.nodes?.map((n) => n.id)).toEqual(['n0', 'n1', 'n2', 'n3', 'n4', 'n5', 'n6', 'n7']);
  });

  it('fits everything when the canvas size is unknown', () => {
    expect(initialFit(chain(20), { width: 0, height: 0 }).nodes).toBeUndefined();
  });
});
