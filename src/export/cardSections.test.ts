import { describe, expect, it } from 'vitest';
import { emptyGraph } from '../graph/ops';
import { metricsSection } from './cardSections';
import type { RunFacts } from './runFacts';

const factsWith = (classes: string[]): RunFacts => ({
  graph: emptyGraph('net'), runId: 'r1', config: { epochs: 1 }, labels: classes, preprocessing: null,
  report: {
    status: 'completed', epochsDone: 1,
    validation: {
      count: 36, accuracy: 0.5, top5: 1, loss: 0.7,
      perClass: classes.map((name) => ({ name, precision: 0.5, recall: 0.5, support: 12 })),
    },
  },
} as RunFacts);

describe('metricsSection', () => {
  it('gives top-5 accuracy only to a model with more than five classes (with five or fewer it is always 100 %)', () => {
    expect(metricsSection(factsWith(['bag', 'boot', 'shirt']))).not.toMatch(/top-5/);
    expect(metricsSection(factsWith(['bag', 'boot', 'shirt']))).toMatch(/Validation on 36 images: accuracy 50\.0 ?%, loss 0\.7000/);
    expect(metricsSection(factsWith(['a', 'b', 'c', 'd', 'e', 'f']))).toMatch(/top-5 100/);
  });

  it('says how many held-out images could not be read, as the run header does', () => {
    const facts = factsWith(['bag', 'boot', 'shirt']);
    facts.report!.counts = [{ name: 'bag', train: 40, validation: 13 }, { name: 'boot', train: 40, validation: 13 }, { name: 'shirt', train: 40, validation: 12 }];
    expect(metricsSection(facts)).toMatch(/Validation on 36 of the 38 held-out images \(2 could not be read\): accuracy/);
  });
});
