import { describe, expect, it } from 'vitest';
import { followedRun } from './followed';

describe('followedRun', () => {
  it('leaves a finished run behind when another folder is chosen', () => {
    expect(followedRun({ runId: 'r1', context: '/digits', chosenDir: '/digits', live: false })).toBe('r1');
    expect(followedRun({ runId: 'r1', context: '/digits', chosenDir: '/photos', live: false })).toBeNull();
  });

  it('keeps a run that still trains in view, so it can be stopped', () => {
    expect(followedRun({ runId: 'r1', context: '/digits', chosenDir: '/photos', live: true })).toBe('r1');
  });

  it('shows a run followed from Runs while another folder is chosen', () => {
    expect(followedRun({ runId: 'r2', context: '/photos', chosenDir: '/photos', live: false })).toBe('r2');
  });
});
