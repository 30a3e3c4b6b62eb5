import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { detectTfjsEngine } from '../backend/detect';
import { SPEED_PROBE_BATCH } from '../graph/speedProbe';
import { detectTorch } from '../torch/detect';
import { measureTorchSpeed } from '../torch/speed';
import { torchInstalled } from '../testing/installs';
import { needs } from '../testing/requirements';
import { measureTfjsSpeed } from '../train/speedProbe';
import type { EngineChoice, EngineSpeed } from './api';
import { createEngineChooser, decideEngine, PROBE_SECONDS } from './engineChoice';
import { torchForChoice } from './engineChooser';
import { resolveEngine } from './resolveEngine';

const withTorch = needs(torchInstalled(await detectTorch()));

const speed = (engine: 'tfjs' | 'torch', device: string, imagesPerSecond: number | null, error?: string): EngineSpeed =>
  ({ engine, device, available: imagesPerSecond !== null || engine === 'torch', imagesPerSecond, ...(error && { error }) });

describe('decideEngine', () => {
  it('takes the faster engine and says by how much, with the figures', () => {
    const choice = decideEngine([speed('torch', 'cpu', 412), speed('tfjs', 'wasm', 51)]);
    expect(choice).toMatchObject({ engine: 'torch', device: 'cpu', title: 'PyTorch on CPU' });
    expect(choice.reason).toBe('PyTorch on CPU: about 8× faster than TF.js wasm on this machine (412 vs 51 images/s training googlenet-96)');
  });

  it('takes TF.js where tfjs-node-gpu beats a CPU-only torch', () => {
    const choice = decideEngine([speed('torch', 'cpu', 300), speed('tfjs', 'tensorflow-gpu', 2400)]);
    expect(choice).toMatchObject({ engine: 'tfjs', device: 'tensorflow-gpu' });
    expect(choice.reason).toBe('TF.js tfjs-node-gpu (CUDA): about 8× faster than PyTorch on CPU on this machine (2400 vs 300 images/s training googlenet-96)');
  });

  it('says when the two are close, when only one trains, and falls back to PyTorch when nothing could be measured', () => {
    expect(decideEngine([speed('torch', 'cpu', 100), speed('tfjs', 'tensorflow', 95)]).reason).toMatch(/^PyTorch on CPU: about as fast as TF.js tfjs-node /);
    expect(decideEngine([speed('torch', 'cuda', 5000), speed('tfjs', 'wasm', 40)]).reason).toContain('about 125× faster');
    expect(decideEngine([speed('torch', 'cpu', 150), speed('tfjs', 'wasm', 100)]).reason).toContain('about 1.5× faster than TF.js wasm');
    const alone = decideEngine([{ engine: 'torch', device: 'cpu', available: false, imagesPerSecond: null, error: 'no Python here imports torch' }, speed('tfjs', 'wasm', 40)]);
    expect(alone).toMatchObject({ engine: 'tfjs', device: 'wasm' });
    expect(alone.reason).toBe('TF.js wasm: the only engine that trains here (PyTorch: no Python here imports torch)');
    const none = decideEngine([speed('torch', 'cpu', null, 'the probe failed: boom'), speed('tfjs', 'wasm', null, 'the probe failed: bang')]);
    expect(none).toMatchObject({ engine: 'torch' });
    expect(none.reason).toContain('no engine could be measured here (PyTorch: the probe failed: boom; TF.js: the probe failed: bang)');
  });
});

describe('resolveEngine', () => {
  const choice: EngineChoice = {
    engine: 'torch', device: 'cpu', title: 'PyTorch on CPU', reason: 'PyTorch on CPU: about 8× faster than TF.js wasm on this machine', measured: [], measuredAt: 0, cached: true,
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
  const probe = { batch: SPEED_PROBE_BATCH, seconds: PROBE_SECONDS };
  const chooserFor = (cacheFile: string, torchStatus = torchForChoice) => createEngineChooser({
    cacheFile, tfjsStatus: detectTfjsEngine, torchStatus,
    measureTfjs: (graph) => measureTfjsSpeed(graph, probe),
    measureTorch: (python, graph) => measureTorchSpeed(python, graph, probe),
  });

  it.runIf(withTorch)('with torch: measures both engines once, picks the faster, and reads the cache after', async () => {
    root ||= await mkdtemp(path.join(os.tmpdir(), 'engine-choice-'));
    const cacheFile = path.join(root, 'with-torch', 'engine-speed.json');
    const first = await chooserFor(cacheFile)();
    expect(first.cached).toBe(false);
    expect(first.measured.map((m) => m.engine)).toEqual(['torch', 'tfjs']);
    for (const m of first.measured) expect(m.imagesPerSecond, m.error).toBeGreaterThan(0);
    const fastest = [...first.measured].sort((a, b) => b.imagesPerSecond! - a.imagesPerSecond!)[0];
    expect(first).toMatchObject({ engine: fastest.engine, device: fastest.device });
    expect(first.reason).toMatch(/^(PyTorch on CPU|PyTorch on CUDA|PyTorch on Apple MPS|TF\.js \S+.*): about (as fast as|[\d.]+× faster than) /);
    process.stdout.write(`engine probe here: ${first.reason}\n`);

    const again = await chooserFor(cacheFile)();
    expect(again).toEqual({ ...first, cached: true });
    // A cache made for another machine or other versions is measured again.
    const stored = JSON.parse(await readFile(cacheFile, 'utf8'));
    await writeFile(cacheFile, JSON.stringify({ ...stored, key: stored.key.replace(/"cores":\d+/, '"cores":9999') }));
    const remeasured = await chooserFor(cacheFile)();
    expect(remeasured.cached).toBe(false);
    expect(remeasured.measuredAt).toBeGreaterThan(first.measuredAt);
  }, 180_000);

  it('without torch (INCEPTION_PYTHON points nowhere): TF.js on its best backend, saying why', async () => {
    root ||= await mkdtemp(path.join(os.tmpdir(), 'engine-choice-'));
    const saved = process.env.INCEPTION_PYTHON;
    process.env.INCEPTION_PYTHON = '/nonexistent/python3';
    try {
      const choice = await chooserFor(path.join(root, 'without-torch', 'engine-speed.json'))();
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
