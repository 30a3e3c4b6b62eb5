import { describe, expect, it } from 'vitest';
import { IMPORT_TOPIC, useProblems } from './problemsStore';

describe('useProblems', () => {
  it('clears a failed import\'s banner once an import succeeds, and leaves other problems alone', () => {
    const problems = useProblems.getState();
    problems.report('Could not import /m/shufflenet.onnx', new Error('cannot import: 3 node(s)…'), IMPORT_TOPIC);
    expect(useProblems.getState().problem).toMatch(/^Could not import/);
    useProblems.getState().resolved(IMPORT_TOPIC);
    expect(useProblems.getState().problem).toBeNull();

    problems.report('Could not save the design', new Error('disk full'));
    useProblems.getState().resolved(IMPORT_TOPIC);
    expect(useProblems.getState().problem).toBe('Could not save the design: disk full');
  });
});
