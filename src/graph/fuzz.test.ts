import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LAYER_KINDS } from '../layers/catalog';
import { inferGraph } from '../shapes/infer';
import { loadPreset } from './presets';
import { parseGraph, parseGraphText } from './schema';
import type { GraphError } from '../contract/graphErrors';

/** Any JSON-like value, including deep and odd ones. */
const anything = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constant(null),
    fc.boolean(),
    fc.double(),
    fc.integer(),
    fc.constantFrom(1e308, -1e308, 2 ** 53 + 1, -0, 0.5),
    fc.string(),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.string(), tie('value'), { maxKeys: 4 }),
  ),
})).value;

const kind = fc.oneof(fc.constantFrom(...LAYER_KINDS), fc.string());
const id = fc.oneof(fc.constantFrom('in', 'a', 'b', 'c', 'd'), fc.string({ maxLength: 70 }));
const paramValue = fc.oneof(fc.integer({ min: -5, max: 300 }), fc.double(), fc.constantFrom('same', 'valid', ''), fc.boolean(), anything);

/** Documents that look like graphs but are broken in every way: wrong types, bad references, odd values. */
const almostGraph = fc.record({
  format: fc.oneof(fc.constant('inception-studio.graph'), anything),
  version: fc.oneof(fc.constantFrom(1, 2, 3, 0, -1, 1.5), anything),
  name: fc.oneof(fc.string(), anything),
  nodes: fc.oneof(
    fc.array(
      fc.record({
        id,
        kind,
        params: fc.oneof(fc.dictionary(fc.constantFrom('filters', 'kernel', 'stride', 'padding', 'units', 'height', 'width', 'channels', 'rate', 'x'), paramValue), anything),
        position: fc.oneof(fc.record({ x: fc.double(), y: fc.double() }), anything),
        x: fc.double(),
        y: fc.double(),
      }, { requiredKeys: ['id', 'kind'] }),
      { maxLength: 12 },
    ),
    anything,
  ),
  edges: fc.oneof(
    fc.array(fc.record({ id: fc.string(), source: id, target: id, targetSlot: fc.oneof(fc.integer({ min: -2, max: 5 }), anything) }, { requiredKeys: ['source', 'target'] }), { maxLength: 16 }),
    anything,
  ),
}, { requiredKeys: [] });

/** Every error must say where it is: a node, a field, or (for the whole document) a message that names what is wrong. */
function checkErrors(errors: GraphError[]): void {
  for (const e of errors) {
    expect(typeof e.message).toBe('string');
    expect(e.message.length).toBeGreaterThan(0);
    expect(e.nodeId === null || typeof e.nodeId === 'string').toBe(true);
    expect(e.field === null || typeof e.field === 'string').toBe(true);
    // A node or a field, or else the document as a whole, named in the message.
    if (e.nodeId === null && e.field === null) expect(e.message).toMatch(/design|document|JSON|graph file/);
  }
}

function parseAndInfer(value: unknown): number {
  const start = performance.now();
  const parsed = parseGraph(value);
  const errors = parsed.ok ? inferGraph(parsed.graph).errors : parsed.errors;
  checkErrors(errors);
  if (!parsed.ok) expect(errors.length).toBeGreaterThan(0);
  return performance.now() - start;
}

describe('fuzzing the graph parser and shape inference', () => {
  it('10,000 malformed documents: no crash, each under a second, every error names its place', () => {
    let slowest = 0;
    fc.assert(
      fc.property(almostGraph, (doc) => {
        slowest = Math.max(slowest, parseAndInfer(doc));
      }),
      { numRuns: 8000, seed: 20261127 },
    );
    fc.assert(
      fc.property(anything, (value) => {
        slowest = Math.max(slowest, parseAndInfer(value));
      }),
      { numRuns: 1000, seed: 7 },
    );
    // Mutations of a real design: one field of one node replaced by anything.
    const base = loadPreset('googlenet-96');
    fc.assert(
      fc.property(fc.nat(base.nodes.length - 1), fc.constantFrom('id', 'kind', 'params', 'position'), anything, (index, key, value) => {
        const doc = structuredClone(base) as unknown as { nodes: Record<string, unknown>[] };
        doc.nodes[index][key] = value;
        slowest = Math.max(slowest, parseAndInfer(doc));
      }),
      { numRuns: 1000, seed: 11 },
    );
    expect(slowest).toBeLessThan(1000);
  }, 120_000);

  it('text that is not JSON, or cut short, gets a clear error', () => {
    const text = JSON.stringify(loadPreset('small-cnn'));
    fc.assert(
      fc.property(fc.nat(text.length - 1), (cut) => {
        const result = parseGraphText(text.slice(0, cut));
        expect(result.ok).toBe(false);
        if (!result.ok) checkErrors(result.errors);
      }),
      { numRuns: 300, seed: 3 },
    );
  });
});
