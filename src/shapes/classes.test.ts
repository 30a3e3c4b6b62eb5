import { describe, expect, it } from 'vitest';
import { GRAPH_FORMAT, GRAPH_VERSION, type GraphDoc, type ParamValue } from '../graph/types';
import { loadPreset } from '../graph/presets';
import { classCountProblem, classifierNode, designClassCount, fitToClasses, withClassCount } from './classes';
import { inferGraph } from './infer';

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

/** A chain of nodes, each feeding the next. */
function chain(...nodes: [string, string, Record<string, ParamValue>][]): GraphDoc {
  return {
    format: GRAPH_FORMAT, version: GRAPH_VERSION, name: 'chain',
    nodes: nodes.map(([id, kind, params], i) => ({ id, kind, params, position: { x: 0, y: i * 80 } })),
    edges: nodes.slice(1).map(([id], i) => ({ id: `e${i}`, source: nodes[i][0], target: id, targetSlot: 0 })),
  };
}

const input: [string, string, Record<string, ParamValue>] = ['input', 'Input', { height: 16, width: 16, channels: 3 }];

describe('the classifier of a design', () => {
  it('is the Dense node before the Output', () => {
    expect(classifierNode(loadPreset('small-cnn'))).toBe('fc');
  });

  it('is a 1×1 convolution followed by ReLU and global pooling (SqueezeNet), whose filters set the class count', () => {
    const squeeze = chain(input, ['features', 'Conv2D', { filters: 8, kernel: 3 }], ['classifier', 'Conv2D', { filters: 10, kernel: 1 }],
      ['relu', 'ReLU', {}], ['pool', 'GlobalAvgPool', {}], ['out', 'Output', {}]);
    expect(inferGraph(squeeze).errors).toEqual([]);
    expect(classifierNode(squeeze)).toBe('classifier');
    const fitted = withClassCount(squeeze, 3);
    expect(designClassCount(fitted)).toBe(3);
    expect(fitted.nodes.find((n) => n.id === 'classifier')!.params).toEqual({ filters: 3, kernel: 1 });
  });

  it('is none when the last weights are a wider convolution or a grouped one', () => {
    const tail: [string, string, Record<string, ParamValue>][] = [['pool', 'GlobalAvgPool', {}], ['out', 'Output', {}]];
    expect(classifierNode(chain(input, ['conv', 'Conv2D', { filters: 10, kernel: 3 }], ...tail))).toBeNull();
    expect(classifierNode(chain(input, ['conv', 'Conv2D', { filters: 6, kernel: 1, groups: 3 }], ...tail))).toBeNull();
    expect(() => withClassCount(chain(input, ['conv', 'Conv2D', { filters: 10, kernel: 3 }], ...tail), 3)).toThrow(/1×1 convolution/);
  });
});
