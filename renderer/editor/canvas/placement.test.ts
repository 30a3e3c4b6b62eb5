import { describe, expect, it } from 'vitest';
import { addNode, emptyGraph } from '../../../src/graph/ops';
import { freeSpot, snapPosition } from './placement';

describe('placement', () => {
  it('finds the nearest free spot beside, then below, a taken one', () => {
    let g = addNode(emptyGraph(), 'ReLU', { x: 0, y: 0 }, {}, 'a').graph;
    g = addNode(g, 'ReLU', { x: 250, y: 0 }, {}, 'b').graph;
    expect(freeSpot(g, { x: 10, y: 5 })).toEqual({ x: -240, y: 5 });
    expect(freeSpot(g, { x: 400, y: 5 })).toEqual({ x: 650, y: 5 });
    expect(freeSpot(g, { x: 800, y: 5 })).toEqual({ x: 800, y: 5 });
  });
  it('snaps to a 20 px grid', () => {
    expect(snapPosition({ x: 29, y: -11 })).toEqual({ x: 20, y: -20 });
  });
});
