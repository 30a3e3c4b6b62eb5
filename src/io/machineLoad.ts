import { readFileSync } from 'node:fs';
import os from 'node:os';

/** Seconds all cores spent busy since boot (user, nice, system, irq, softirq, a hypervisor's steal) from `/proc/stat`'s text. */
export function busySecondsOf(procStat: string, ticksPerSecond = 100): number | null {
  const fields = procStat.split('\n', 1)[0].trim().split(/\s+/);
  if (fields[0] !== 'cpu' || fields.length < 9) return null;
  const values = fields.slice(1, 9).map(Number);
  if (values.some((v) => !Number.isFinite(v))) return null;
  const [, , , idle, iowait] = values;
  return (values.reduce((a, b) => a + b, 0) - idle - iowait) / ticksPerSecond;
}

function busySeconds(): number | null {
  try {
    return busySecondsOf(readFileSync('/proc/stat', 'utf8'));
  } catch {
    return null;
  }
}

const ownSeconds = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};

/**
 * Started before a measurement, read after it: how many cores, on average, programs other than this process
 * kept busy meanwhile (null where the system does not tell: Linux only). A speed read while they did is not
 * this machine's speed.
 */
export function startLoadMeter(): { othersCores(): number | null; cores: number } {
  const wall = performance.now();
  const busy = busySeconds();
  const own = ownSeconds();
  return {
    cores: os.availableParallelism(),
    othersCores: () => {
      const now = busySeconds();
      const seconds = (performance.now() - wall) / 1000;
      if (now === null || busy === null || seconds <= 0) return null;
      return Math.round((Math.max(0, now - busy - (ownSeconds() - own)) / seconds) * 100) / 100;
    },
  };
}
