import { describe, expect, it } from 'vitest';
import { addNode, emptyGraph, moveNodes, renameGraph, setParams } from '../../src/graph/ops';
import { idStem, sameStructure } from './designDocs';

describe('sameStructure', () => {
  const g = addNode(emptyGraph(), 'Conv2D', { x: 0, y: 0 }, { filters: 4 }, 'conv').graph;
  it('holds across moves and renames, not across param edits', () => {
    expect(sameStructure(g, moveNodes(g, { conv: { x: 5, y: 5 } }))).toBe(true);
    expect(sameStructure(g, renameGraph(g, 'x'))).toBe(true);
    expect(sameStructure(g, setParams(g, 'conv', { filters: 8 }))).toBe(false);
    expect(sameStructure(g, addNode(g, 'ReLU', { x: 0, y: 0 }).graph)).toBe(false);
  });
});

describe('idStem', () => {
  it('gives short readable stems', () => {
    expect(idStem('Dense')).toBe('fc');
    expect(idStem('Something')).toBe('something');
  });
});
