import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { torchInstalled } from '../testing/installs';
import { needs } from '../testing/requirements';
import { detectTorch } from './detect';
import { chooseTorchPrecision, readTorchPrecision, torchPrecisionCachePath } from './precisionChoice';

const torch = await detectTorch();
const withTorch = needs(torchInstalled(torch));

describe('torchPrecisionCachePath', () => {
  it('is the named file, else the user cache folder the runner writes to', () => {
    expect(torchPrecisionCachePath({ INCEPTION_PRECISION_CACHE: '/tmp/p.json' })).toBe('/tmp/p.json');
    expect(torchPrecisionCachePath({ XDG_CACHE_HOME: '/c' })).toBe('/c/inception-studio/torch-precision.json');
    expect(torchPrecisionCachePath({})).toBe(path.join(os.homedir(), '.cache', 'inception-studio', 'torch-precision.json'));
  });
});

describe('the CPU precision choice measured while the machine is busy (issue 25)', () => {
  let root = '';
  let busy: ChildProcess[] = [];
  const names = ['INCEPTION_PRECISION_CACHE', 'INCEPTION_PRECISION_PROVISIONAL_REUSE_S', 'INCEPTION_PRECISION_BATCH', 'INCEPTION_PRECISION_BUDGET_S'] as const;
  const saved = names.map((name) => [name, process.env[name]] as const);
  afterAll(async () => {
    for (const p of busy) p.kill('SIGKILL');
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    if (root) await rm(root, { recursive: true, force: true });
  });

  it.runIf(withTorch)('caches a busy reading as provisional only; the next start measures again, combines, and says what it measured', async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'torch-precision-'));
    const file = path.join(root, 'torch-precision.json');
    process.env.INCEPTION_PRECISION_CACHE = file;
    // The next start comes at once here; in use a provisional reading is reused for 10 minutes first.
    process.env.INCEPTION_PRECISION_PROVISIONAL_REUSE_S = '0';
    // Short rounds: this shared machine is slow; the defaults (batch 8, 60 s budget) are for use.
    process.env.INCEPTION_PRECISION_BATCH = '2';
    process.env.INCEPTION_PRECISION_BUDGET_S = '20';

    busy = Array.from({ length: 2 }, () => spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
    await new Promise((r) => setTimeout(r, 500));
    const underLoad = await chooseTorchPrecision(torch.python!);
    for (const p of busy) p.kill('SIGKILL');
    busy = [];
    process.stdout.write(`under load: ${underLoad.precision}, channels_last ${underLoad.channelsLast}: ${underLoad.why}\n`);
    expect(underLoad).toMatchObject({ cached: false, provisional: true, measurements: 1, cache: file });
    expect(underLoad.othersCores).toBeGreaterThan(0.25 * underLoad.cores);
    const stored = await readTorchPrecision(file);
    expect(stored?.entry).toMatchObject({ provisional: true, measurements: 1 });
    expect(stored?.choice.why).toMatch(/; provisional: other programs kept [\d.]+ of \d+ cores busy(, the rounds were cut short)?, so it is measured again$/);
    const variants = underLoad.measured.map((m) => `${m.precision}${m.channelsLast ? '+cl' : ''}`);
    expect(variants.slice(0, 2)).toEqual(['fp32', 'fp32+cl']);
    for (const m of underLoad.measured) expect(m.rounds.length).toBeGreaterThanOrEqual(1);

    const next = await chooseTorchPrecision(torch.python!);
    process.stdout.write(`next start: ${next.precision}, channels_last ${next.channelsLast}: ${next.why}\n`);
    expect(next).toMatchObject({ cached: false, measurements: 2 });
    for (const [i, m] of next.measured.entries()) {
      // Each variant keeps its best reading of both measurements.
      expect(m.imagesPerSecond).toBe(Math.max(...m.rounds));
      expect(m.rounds.slice(0, underLoad.measured[i].rounds.length)).toEqual(underLoad.measured[i].rounds);
    }
    expect(next.why).toMatch(/^(fp32|bf16) (\+ channels_last|\(NCHW\)) measured fastest here \([\d.]+ images\/s training googlenet-96; .*× plain fp32; best of \d+ interleaved rounds, measured \d{4}-\d\d-\d\d\)/);
    const cached = await readTorchPrecision(file);
    expect(cached?.choice).toEqual({ precision: next.precision, channelsLast: next.channelsLast, why: next.why });
    // Final once a reading was quiet: the start after reads it and measures nothing.
    if (!next.provisional) expect(await chooseTorchPrecision(torch.python!)).toMatchObject({ cached: true, precision: next.precision, channelsLast: next.channelsLast });
  }, 1_200_000);
});
