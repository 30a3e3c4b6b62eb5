import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { detectTfjsEngine } from '../backend/detect';
import { loadPreset } from '../graph/presets';
import { detectTorch } from '../torch/detect';
import { torchInstalled } from '../testing/installs';
import { needs } from '../testing/requirements';
import { realChooser } from '../testing/realEngineChooser';
import type { EngineChoice } from './api';
import { machineKey } from './engineChoice';
import { torchForChoice } from './engineChooser';
import { readSpeedCache, writeSpeedCache } from './engineSpeedCache';
import { resolveEngine } from './resolveEngine';

const withTorch = needs(torchInstalled(await detectTorch()));

describe('resolveEngine', () => {
  const choice: EngineChoice = {
    engine: 'torch', device: 'cpu', title: 'PyTorch on CPU', reason: 'PyTorch on CPU: about 8× faster than TF.js wasm on this machine', measured: [], measuredAt: 0, cached: true,
    design: 'googlenet-96', sizeClass: '100 M–1 G multiply-adds per image', provisional: false, othersCores: 0, cores: 2, measurements: 1,
  };
  const notAsked = async (): Promise<EngineChoice> => {
    throw new Error('an explicit engine must not be measured');
  };

  it('keeps an explicit engine as it is', async () => {
    const tfjs = { data: { dir: '/d' }, engine: 'tfjs', torch: { device: 'cpu' } };
    expect(await resolveEngine(tfjs, notAsked)).toBe(tfjs);
    const torch = { data: { dir: '/d' }, engine: 'torch' };
    expect(await resolveEngine(torch, notAsked)).toBe(torch);
  });

  it('turns auto into the chosen engine, records why, and drops the other engine\'s options', async () => {
    const resolved = await resolveEngine({ data: { dir: '/d' }, engine: 'auto', backend: 'wasm', torch: { precision: 'fp32' } }, async () => choice);
    expect(resolved).toEqual({ data: { dir: '/d' }, engine: 'torch', torch: { precision: 'fp32' }, engineChoice: { requested: 'auto', engine: 'torch', device: 'cpu', reason: choice.reason } });
    const tfjs = await resolveEngine({ data: { dir: '/d' }, engine: 'auto', backend: 'wasm', torch: { precision: 'fp32' } }, async () => ({ ...choice, engine: 'tfjs', device: 'wasm' }));
    expect(tfjs).toMatchObject({ engine: 'tfjs', backend: 'wasm', engineChoice: { engine: 'tfjs', device: 'wasm' } });
    expect(tfjs).not.toHaveProperty('torch');
    const cluster = await resolveEngine({ data: { dir: '/d' }, engine: 'auto', torch: { distributed: { nprocPerNode: 2 } } }, notAsked);
    expect(cluster).toMatchObject({ engine: 'torch', engineChoice: { engine: 'torch' } });
  });
});

describe('the engine chooser, measuring this machine', () => {
  let root = '';
  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });
  const smallCnn = loadPreset('small-cnn');

  it.runIf(withTorch)('with torch: measures both engines in interleaved rounds on the design, picks the faster, and caches it per size class', async () => {
    root ||= await mkdtemp(path.join(os.tmpdir(), 'engine-choice-'));
    const cacheFile = path.join(root, 'with-torch', 'engine-speed.json');
    const first = await realChooser(cacheFile).choose({ graph: smallCnn });
    expect(first).toMatchObject({ cached: false, design: smallCnn.name, sizeClass: 'under 10 M multiply-adds per image', measurements: 1 });
    expect(first.measured.map((m) => m.engine)).toEqual(['torch', 'tfjs']);
    for (const m of first.measured) {
      expect(m.imagesPerSecond, m.error).toBeGreaterThan(0);
      expect(m.rounds).toHaveLength(2);
      expect(m.imagesPerSecond).toBeCloseTo(Math.max(...m.rounds!), 1); // the best round
    }
    const fastest = [...first.measured].sort((a, b) => b.imagesPerSecond! - a.imagesPerSecond!)[0];
    expect(first).toMatchObject({ engine: fastest.engine, device: fastest.device });
    expect(first.reason).toMatch(/^(PyTorch on CPU|TF\.js \S+): about (as fast as|[\d.]+× faster than) /);
    expect(first.reason).toContain(` images/s training ${smallCnn.name}, under 10 M multiply-adds per image)`);
    expect(first.reason.includes(' — provisional: ')).toBe(first.provisional);
    process.stdout.write(`engine probe here: ${first.reason}\n`);

    // The next start reads the cache, unless that measurement was provisional: then it measures again and combines.
    const again = await realChooser(cacheFile).choose({ graph: smallCnn });
    if (first.provisional) expect(again).toMatchObject({ cached: false, measurements: 2 });
    else expect(again).toEqual({ ...first, cached: true });
    // A cache made for another machine or other versions is measured again.
    const stored = JSON.parse(await readFile(cacheFile, 'utf8'));
    await writeFile(cacheFile, JSON.stringify({ ...stored, key: stored.key.replace(/"cores":\d+/, '"cores":9999') }));
    const remeasured = await realChooser(cacheFile).choose({ graph: smallCnn });
    expect(remeasured).toMatchObject({ cached: false, measurements: 1 });
    expect(remeasured.measuredAt).toBeGreaterThan(first.measuredAt);
  }, 300_000);

  it.runIf(withTorch)('a finished run that trained faster than the probe read turns a stale choice, without measuring', async () => {
    root ||= await mkdtemp(path.join(os.tmpdir(), 'engine-choice-'));
    const cacheFile = path.join(root, 'learn', 'engine-speed.json');
    const [tfjs, torch] = await Promise.all([detectTfjsEngine(), torchForChoice()]);
    const key = machineKey(tfjs, torch);
    // What the first version of "Automatic" cached after one busy measurement (issue 21), kept as final.
    await writeSpeedCache(cacheFile, key, {
      '100M-1G': {
        design: 'googlenet-96', sizeClass: '100 M–1 G multiply-adds per image', measuredAt: 1, measurements: 1, provisional: false, othersCores: null, cores: 2, runs: [],
        measured: [
          { engine: 'torch', device: 'cpu', available: true, imagesPerSecond: 4.4 },
          { engine: 'tfjs', device: tfjs.active!, available: true, imagesPerSecond: 7.6 },
        ],
      },
    });
    const chooser = realChooser(cacheFile);
    const googlenet96 = loadPreset('googlenet-96');
    expect(await chooser.choose({ graph: googlenet96 })).toMatchObject({ engine: 'tfjs', cached: true });
    await chooser.learnFromRun({ runId: 'googlenet-96-run', engine: 'torch', device: 'cpu', graph: googlenet96, imagesPerSecond: 52 });
    const sameSession = await chooser.choose({ graph: googlenet96 });
    expect(sameSession).toMatchObject({ engine: 'torch', cached: true });
    expect(sameSession.reason).toContain('(52 vs 7.6 images/s training googlenet-96, 100 M–1 G multiply-adds per image; PyTorch\'s figure from run googlenet-96-run)');
    expect(await realChooser(cacheFile).choose({ graph: googlenet96 })).toEqual(sameSession);
    expect((await readSpeedCache(cacheFile, key))['100M-1G'].runs).toMatchObject([{ engine: 'torch', runId: 'googlenet-96-run', imagesPerSecond: 52 }]);
  });

  it('without torch (INCEPTION_PYTHON points nowhere): TF.js on its best backend, saying why', async () => {
    root ||= await mkdtemp(path.join(os.tmpdir(), 'engine-choice-'));
    const saved = process.env.INCEPTION_PYTHON;
    process.env.INCEPTION_PYTHON = '/nonexistent/python3';
    try {
      const choice = await realChooser(path.join(root, 'without-torch', 'engine-speed.json')).choose({ graph: smallCnn });
      const tfjs = await detectTfjsEngine();
      expect(choice).toMatchObject({ engine: 'tfjs', device: tfjs.active });
      expect(choice.measured[0]).toMatchObject({ engine: 'torch', available: false, imagesPerSecond: null });
      expect(choice.reason).toMatch(/^TF\.js .*: the only engine that trains here \(PyTorch: .*\/nonexistent\/python3: no such file/);
    } finally {
      if (saved === undefined) delete process.env.INCEPTION_PYTHON;
      else process.env.INCEPTION_PYTHON = saved;
    }
  }, 120_000);
});
