import { describe, expect, it } from 'vitest';
import { createCloseGate } from './closeGate';

function closeEvent() {
  const event = { prevented: false, preventDefault() { event.prevented = true; } };
  return event;
}

describe('createCloseGate', () => {
  it('holds the first close until the page has saved, then closes for real', async () => {
    const steps: string[] = [];
    let saved!: () => void;
    const gate = createCloseGate({
      askPage: () => new Promise<void>((resolve) => { steps.push('asked'); saved = resolve; }),
      close: () => steps.push('closed'),
      timeoutMs: 5000,
    });
    const first = closeEvent();
    gate(first);
    expect(first.prevented).toBe(true);
    const second = closeEvent();
    gate(second);
    expect(second.prevented).toBe(true);
    expect(steps).toEqual(['asked']);
    saved();
    await new Promise((r) => setTimeout(r, 0));
    expect(steps).toEqual(['asked', 'closed']);
    const last = closeEvent();
    gate(last);
    expect(last.prevented, 'the close the gate itself asked for goes through').toBe(false);
  });

  it('closes anyway when the page does not answer in time, or fails, and says why', async () => {
    const problems: string[] = [];
    let closed = 0;
    const hung = createCloseGate({ askPage: () => new Promise<void>(() => {}), close: () => closed++, timeoutMs: 30, onProblem: (m) => problems.push(m) });
    hung(closeEvent());
    await new Promise((r) => setTimeout(r, 60));
    expect(closed).toBe(1);
    const failing = createCloseGate({ askPage: () => Promise.reject(new Error('disk full')), close: () => closed++, timeoutMs: 1000, onProblem: (m) => problems.push(m) });
    failing(closeEvent());
    await new Promise((r) => setTimeout(r, 0));
    expect(closed).toBe(2);
    expect(problems).toEqual(['the page did not save within 30 ms', 'disk full']);
  });
});
