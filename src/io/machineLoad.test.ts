import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { busySecondsOf, startLoadMeter } from './machineLoad';

describe('busySecondsOf', () => {
  it('counts every busy column of the cpu line and leaves idle and iowait out', () => {
    // user nice system idle iowait irq softirq steal
    expect(busySecondsOf('cpu  100 20 30 5000 70 1 2 300 0 0\ncpu0 1 2 3 4 5 6 7 8 0 0\n')).toBe(4.53);
    expect(busySecondsOf('cpu0 1 2 3 4 5 6 7 8\n')).toBeNull();
    expect(busySecondsOf('')).toBeNull();
  });
});

describe('startLoadMeter', () => {
  it.runIf(process.platform === 'linux')('sees a busy process that is not its own, and not its own work', async () => {
    const own = startLoadMeter();
    const cpu = process.cpuUsage();
    const started = performance.now();
    while (performance.now() < started + 400); // this process's own work is not another program's
    const used = process.cpuUsage(cpu);
    const ownCores = (used.user + used.system) / 1000 / (performance.now() - started);
    // Counted once only: the machine's busy cores are others' plus ours, never more than it has.
    expect(own.othersCores()! + ownCores).toBeLessThan(own.cores + 0.15);

    const hog = spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' });
    try {
      await new Promise((r) => setTimeout(r, 300));
      const meter = startLoadMeter();
      await new Promise((r) => setTimeout(r, 1200));
      const others = meter.othersCores()!;
      // One spinning process keeps about one core busy (less where the machine's cores are all taken already).
      expect(others, `other programs' cores while one spun: ${others}`).toBeGreaterThan(0.6);
    } finally {
      hog.kill('SIGKILL');
    }
  });
});
