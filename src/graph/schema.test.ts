import { describe, expect, it } from 'vitest';
import { inferGraph } from '../shapes/infer';
import { loadPreset } from './presets';
import { parseGraph, parseGraphText } from './schema';
import type { GraphDoc } from './types';
import type { GraphError } from '../contract/graphErrors';

function errorsOf(value: unknown): GraphError[] {
  const parsed = parseGraph(value);
  return parsed.ok ? inferGraph(parsed.graph).errors : parsed.errors;
}

/** Input 8×8×3 → the given nodes in a chain. */
function chainDoc(...nodes: [string, string, Record<string, unknown>][]): GraphDoc {
  const all = [['in', 'Input', { height: 8, width: 8, channels: 3 }] as [string, string, Record<string, unknown>], ...nodes];
  return {
    format: 'inception-studio.graph',
    version: 2,
    name: 'test',
    nodes: all.map(([id, kind, params], i) => ({ id, kind, params: params as GraphDoc['nodes'][0]['params'], position: { x: 0, y: i * 100 } })),
    edges: all.slice(1).map(([id], i) => ({ id: `e${i}`, source: all[i][0], target: id, targetSlot: 0 })),
  };
}

describe('schema', () => {
  it('round-trips a preset through JSON unchanged', () => {
    const graph = loadPreset('googlenet-96');
    const parsed = parseGraphText(JSON.stringify(graph));
    expect(parsed).toEqual({ ok: true, graph });
  });

  it('migrates a version 1 document (flat positions, edges without ids or slots)', () => {
    const v1 = {
      format: 'inception-studio.graph',
      version: 1,
      name: 'old',
      nodes: [
        { id: 'in', kind: 'Input', params: { height: 8, width: 8, channels: 3 }, x: 0, y: 0 },
        { id: 'a', kind: 'Conv2D', params: { filters: 2, kernel: 1 }, x: 0, y: 100 },
        { id: 'b', kind: 'Conv2D', params: { filters: 3, kernel: 1 }, x: 100, y: 100 },
        { id: 'cat', kind: 'Concat', params: {}, x: 0, y: 200 },
      ],
      edges: [
        { source: 'in', target: 'a' },
        { source: 'in', target: 'b' },
        { source: 'b', target: 'cat' },
        { source: 'a', target: 'cat' },
      ],
    };
    const parsed = parseGraph(v1);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    expect(parsed.graph.version).toBe(2);
    expect(parsed.graph.nodes[1].position).toEqual({ x: 0, y: 100 });
    const catInputs = parsed.graph.edges.filter((e) => e.target === 'cat').map((e) => [e.source, e.targetSlot]);
    expect(catInputs).toEqual([['b', 0], ['a', 1]]);
    expect(inferGraph(parsed.graph).output).toEqual([5, 8, 8]);
  });

  it('refuses a document from a newer version, naming the field', () => {
    expect(errorsOf({ ...chainDoc(), version: 9 })).toEqual([
      { nodeId: null, field: 'version', message: expect.stringContaining('newer Inception Studio') },
    ]);
  });
});

describe('invalid graphs name the node and field', () => {
  it('a cycle', () => {
    const doc = chainDoc(['a', 'ReLU', {}], ['b', 'ReLU', {}]);
    doc.edges.push({ id: 'back', source: 'b', target: 'a', targetSlot: 1 });
    const errors = errorsOf(doc);
    expect(errors).toContainEqual({ nodeId: 'a', field: 'input', message: 'is part of a cycle: a → b → a' });
    expect(errors).toContainEqual({ nodeId: 'b', field: 'input', message: 'is part of a cycle: a → b → a' });
  });

  it('a dangling edge', () => {
    const doc = chainDoc(['a', 'ReLU', {}]);
    doc.edges.push({ id: 'loose', source: 'ghost', target: 'a', targetSlot: 1 });
    expect(errorsOf(doc)).toEqual([
      { nodeId: 'a', field: 'edges[1].source', message: 'edge "loose" comes from node "ghost", which does not exist' },
    ]);
  });

  it('a Concat of inputs with different H×W', () => {
    const doc = chainDoc(['pool', 'MaxPool', { kernel: 2, stride: 2 }], ['cat', 'Concat', {}]);
    doc.edges.push({ id: 'skip', source: 'in', target: 'cat', targetSlot: 1 });
    expect(errorsOf(doc)).toEqual([
      { nodeId: 'cat', field: 'input[1]', message: 'expected H×W 4×4 like input[0], got 8×8 (3×8×8)' },
    ]);
  });

  it('a Dense fed a feature map without Flatten', () => {
    expect(errorsOf(chainDoc(['fc', 'Dense', { units: 10 }]))).toEqual([
      { nodeId: 'fc', field: 'input', message: 'expects flat features, got a 3×8×8 feature map; add a Flatten or GlobalAvgPool before it' },
    ]);
  });

  it('zero or negative sizes', () => {
    expect(errorsOf(chainDoc(['c', 'Conv2D', { filters: 0 }]))).toEqual([
      { nodeId: 'c', field: 'filters', message: 'must be between 1 and 65536, got 0' },
    ]);
    const negative = chainDoc();
    negative.nodes[0].params.height = -4;
    expect(errorsOf(negative)).toEqual([{ nodeId: 'in', field: 'height', message: 'must be between 1 and 8192, got -4' }]);
  });

  it('a kernel larger than its input', () => {
    expect(errorsOf(chainDoc(['big', 'Conv2D', { kernel: 11 }]))).toEqual([
      { nodeId: 'big', field: 'kernel', message: 'kernel 11×11 with padding 0 is larger than its 8×8 input (output would be -2×-2)' },
    ]);
    expect(errorsOf(chainDoc(['p', 'MaxPool', { kernel: 9, stride: 1 }]))[0]).toMatchObject({ nodeId: 'p', field: 'kernel' });
  });

  it('an error upstream does not repeat downstream', () => {
    const errors = errorsOf(chainDoc(['big', 'Conv2D', { kernel: 11 }], ['after', 'ReLU', {}]));
    expect(errors.map((e) => e.nodeId)).toEqual(['big']);
  });

  it('"same" padding with a stride, unknown kinds and unknown params', () => {
    expect(errorsOf(chainDoc(['c', 'Conv2D', { padding: 'same', stride: 2 }]))[0]).toMatchObject({ nodeId: 'c', field: 'padding' });
    expect(errorsOf(chainDoc(['x', 'Warp', {}]))).toEqual([{ nodeId: 'x', field: 'kind', message: 'unknown layer kind "Warp"' }]);
    expect(errorsOf(chainDoc(['c', 'Conv2D', { filtres: 3 }]))[0]).toMatchObject({ nodeId: 'c', field: 'filtres' });
  });
});

// Speed is measured by scripts/bench-editor.mjs, not here: a loaded machine must not fail these.
// A hang still fails them, through the test timeout.
describe('malformed or hostile files get a clear error, not a crash or a hang', () => {
  const quick = (text: string) => {
    const result = parseGraphText(text);
    return result.ok ? inferGraph(result.graph).errors : result.errors;
  };

  it('wrong types', () => {
    const doc = chainDoc(['c', 'Conv2D', {}]) as unknown as Record<string, unknown>;
    (doc.nodes as Record<string, unknown>[])[1].params = { filters: [1, 2, 3] };
    (doc.nodes as Record<string, unknown>[])[0].position = 'left';
    const errors = quick(JSON.stringify(doc));
    expect(errors).toContainEqual(expect.objectContaining({ nodeId: 'c', field: 'params.filters' }));
    expect(errors).toContainEqual(expect.objectContaining({ nodeId: 'in', field: 'position' }));
    expect(quick('[1, 2]')[0].message).toMatch(/expected a graph document/);
    expect(quick('{"format": "inception-studio.graph", "version": 2, "nodes": 7}')[0].field).toBeTruthy();
    expect(quick('{not json')[0].message).toMatch(/not valid JSON/);
  });

  it('a per-axis value where one number is expected, and per-axis values out of range', () => {
    const errorOf = (params: Record<string, unknown>) => quick(JSON.stringify(chainDoc(['c', 'Conv2D', params])))[0];
    expect(errorOf({ filters: [1, 2] })).toEqual({ nodeId: 'c', field: 'filters', message: 'expected a number, got [1,2]' });
    expect(errorOf({ kernel: [1, 0] })).toEqual({ nodeId: 'c', field: 'kernel', message: 'expected a whole number from 1 to 255, or [height, width] of them, got [1,0]' });
    expect(errorOf({ padding: [0, -3] })).toEqual({ nodeId: 'c', field: 'padding', message: 'expected "same" or a whole number from 0 to 255, or [height, width] of them, got [0,-3]' });
  });

  it('huge numbers', () => {
    const errors = quick(JSON.stringify(chainDoc(['c', 'Conv2D', { filters: 1e300, kernel: 1e308 }])));
    expect(errors[0]).toEqual({ nodeId: 'c', field: 'filters', message: 'must be between 1 and 65536, got 1e+300' });
    const far = chainDoc();
    far.nodes[0].position.x = 1e300;
    expect(quick(JSON.stringify(far))[0]).toMatchObject({ nodeId: 'in', field: 'position.x' });
  });

  it('100,000 nodes', () => {
    const doc = chainDoc();
    doc.nodes = Array.from({ length: 100_000 }, (_, i) => ({ id: `n${i}`, kind: 'ReLU', params: {}, position: { x: 0, y: i } }));
    expect(quick(JSON.stringify(doc))).toEqual([
      { nodeId: null, field: 'nodes', message: 'the design has 100000 nodes; at most 5000 are supported' },
    ]);
  });

  it('a long chain at the node limit still infers', () => {
    const doc = chainDoc();
    for (let i = 0; i < 4999; i++) {
      doc.nodes.push({ id: `r${i}`, kind: 'ReLU', params: {}, position: { x: 0, y: i } });
      doc.edges.push({ id: `x${i}`, source: i === 0 ? 'in' : `r${i - 1}`, target: `r${i}`, targetSlot: 0 });
    }
    expect(quick(JSON.stringify(doc))).toEqual([]);
  });

  it('deep nesting', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    expect(quick(deep).length).toBe(1);
    const nestedParams = JSON.stringify(chainDoc(['c', 'Conv2D', {}])).replace('"params":{}', `"params":{"filters":${deep}}`);
    expect(quick(nestedParams)[0]).toMatchObject({ nodeId: 'c', field: 'params.filters' });
  });
});
