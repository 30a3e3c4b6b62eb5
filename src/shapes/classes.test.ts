import { describe, expect, it } from 'vitest';
import { loadPreset } from '../graph/presets';
import { classCountProblem, fitToClasses } from './classes';

const CLASSES = ['cat', 'dog', 'owl'];

describe('class-count problems', () => {
  it('say what is wrong and the fix in plain words, the option that does it apart', () => {
    const problem = classCountProblem(loadPreset('small-cnn'), CLASSES);
    expect(problem).toEqual({ text: "the design outputs 10 classes but the dataset has 3 (cat, dog, owl); set fc's units to 3", option: 'fix-classes' });
    expect(problem!.text).not.toMatch(/--/);
  });

  it('name no option when no classifier can be set, and none when the counts match', () => {
    const noClassifier = loadPreset('small-cnn');
    noClassifier.edges = noClassifier.edges.filter((e) => e.target !== 'fc');
    noClassifier.nodes = noClassifier.nodes.filter((n) => n.id !== 'fc');
    const refused = fitToClasses(noClassifier, CLASSES, true);
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.problem.option).toBeUndefined();
    expect(classCountProblem(loadPreset('small-cnn'), Array.from({ length: 10 }, (_, i) => `c${i}`))).toBeNull();
  });
});
