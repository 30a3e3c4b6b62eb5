import { describe, expect, it } from 'vitest';
import { formatGraphError, formatGraphErrors } from './graphErrors';

describe('graph error wording', () => {
  it('says the node, then the field, then the message', () => {
    expect(formatGraphError({ nodeId: 'conv1', field: 'kernel', message: 'expected 1 to 64, got 99' })).toBe('node conv1, kernel: expected 1 to 64, got 99');
    expect(formatGraphError({ nodeId: 'conv1', field: null, message: 'has no input' })).toBe('node conv1: has no input');
    expect(formatGraphError({ nodeId: null, field: 'edges.2.target', message: 'unknown node x' })).toBe('edges.2.target: unknown node x');
    expect(formatGraphError({ nodeId: null, field: null, message: 'the design has no Input' })).toBe('the design has no Input');
  });

  it('lists the first few errors and counts the rest', () => {
    const errors = ['a', 'b', 'c', 'd', 'e'].map((id) => ({ nodeId: id, field: null, message: 'bad' }));
    expect(formatGraphErrors(errors.slice(0, 2))).toBe('node a: bad; node b: bad');
    expect(formatGraphErrors(errors)).toBe('node a: bad; node b: bad; node c: bad; and 2 more');
    expect(formatGraphErrors(errors, 5)).toBe('node a: bad; node b: bad; node c: bad; node d: bad; node e: bad');
  });
});
