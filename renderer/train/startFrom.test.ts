import { describe, expect, it } from 'vitest';
import { freezeUpTo } from '../../src/graph/freeze';
import { loadPreset } from '../../src/graph/presets';
import { inferGraph } from '../../src/shapes/infer';
import { trainableSplit } from '../../src/shapes/trainable';
import { designAsTrained, headPlan, startFromCaption } from './startFrom';

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

describe('designAsTrained', () => {
  it('counts a frozen design with the new head the run trains: one output per folder class', () => {
    const design = loadPreset('small-cnn');
    const dense = design.nodes.find((n) => n.kind === 'Dense')!;
    const before = design.edges.find((e) => e.target === dense.id)!.source;
    const frozen = freezeUpTo(design, before);
    const features = inferGraph(frozen).nodes.get(before)!.shape!.reduce((a, b) => a * b, 1);

    const trained = designAsTrained(frozen, { classes: null }, ['bag', 'boot', 'shirt']);
    const inference = inferGraph(trained);
    expect(inference.output).toEqual([3]);
    expect(trainableSplit(trained, inference).trainable).toBe(features * 3 + 3);
    expect(trained.nodes.find((n) => n.id === before)!.frozen).toBe(true);
  });

  it('leaves the design alone when the head is kept, before a folder is chosen, or without fine-tuning', () => {
    const design = loadPreset('small-cnn');
    const classes = Array.from({ length: inferGraph(design).output![0] }, (_, i) => String(i));
    expect(designAsTrained(design, { classes }, classes)).toBe(design);
    expect(designAsTrained(design, { classes: null }, null)).toBe(design);
    expect(designAsTrained(design, null, ['a', 'b'])).toBe(design);
  });
});
