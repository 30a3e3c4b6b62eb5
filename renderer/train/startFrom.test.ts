import { describe, expect, it } from 'vitest';
import { headPlan, startFromCaption } from './startFrom';

describe('startFromCaption', () => {
  it('promises a new head for a folder with other classes, or before one is chosen', () => {
    const imported = { name: 'resnet18', classes: Array.from({ length: 1000 }, (_, i) => `class ${i}`) };
    expect(startFromCaption(imported, ['bag', 'boot', 'shirt'])).toBe('Starting from resnet18 — new head for 3 classes');
    expect(startFromCaption(imported, null)).toBe('Starting from resnet18 — a new head once an image folder is chosen');
    expect(headPlan({ classes: null }, ['a', 'b'])).toEqual({ newHead: true, classes: 2 });
  });

  it("keeps the head when the folder has the run's classes in the same order", () => {
    const run = { name: 'shapes run', classes: ['circle', 'square'] };
    expect(startFromCaption(run, ['circle', 'square'])).toBe('Starting from shapes run — keeps its head (the same 2 classes)');
    expect(headPlan(run, ['square', 'circle'])).toEqual({ newHead: true, classes: 2 });
  });
});
