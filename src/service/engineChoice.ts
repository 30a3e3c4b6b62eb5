import { mkdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { speedProbeDesign } from '../graph/speedProbe';
import type { GraphDoc } from '../graph/types';
import { atomicWrite } from '../io/atomicWrite';
import type { TorchStatus } from '../torch/detect';
import type { TfjsSpeed } from '../contract/engines';
import type { TorchSpeed } from '../torch/speed';
import type { EngineChoice, EngineSpeed, EngineStatus } from './api';

/** Seconds each engine trains the probe net (after two warm-up steps). */
export const PROBE_SECONDS = 1.5;
const CACHE_FORMAT = 'inception-studio.engine-speed';

const TORCH_DEVICES: Record<string, string> = { cpu: 'CPU', cuda: 'CUDA', mps: 'Apple MPS' };
const TFJS_BACKENDS: Record<string, string> = { 'tensorflow-gpu': 'tfjs-node-gpu (CUDA)', tensorflow: 'tfjs-node', wasm: 'wasm', cpu: 'plain JavaScript' };

/** "PyTorch on CPU", "TF.js wasm". */
export function engineTitle(engine: 'tfjs' | 'torch', device: string): string {
  return engine === 'torch' ? `PyTorch on ${TORCH_DEVICES[device] ?? device}` : `TF.js ${TFJS_BACKENDS[device] ?? device}`;
}

const rounded = (ips: number) => (ips >= 100 ? Math.round(ips) : Number(ips.toPrecision(2)));
const times = (ratio: number) => (ratio >= 3 ? `${Math.round(ratio)}×` : `${ratio.toFixed(1)}×`);

/**
 * Picks the engine that trained the probe net fastest; where none could be measured, PyTorch when it is
 * there, else TF.js. The reason says by how much, with the figures.
 */
export function decideEngine(measured: EngineSpeed[]): Pick<EngineChoice, 'engine' | 'device' | 'title' | 'reason'> {
  const usable = measured.filter((m) => m.imagesPerSecond !== null && m.imagesPerSecond > 0).sort((a, b) => b.imagesPerSecond! - a.imagesPerSecond!);
  const notUsable = measured.filter((m) => !usable.includes(m)).map((m) => `${m.engine === 'torch' ? 'PyTorch' : 'TF.js'}: ${m.error ?? 'not measured'}`);
  const [best, next] = usable;
  if (!best) {
    const fallback = measured.find((m) => m.engine === 'torch' && m.available) ?? measured.find((m) => m.engine === 'tfjs') ?? { engine: 'tfjs' as const, device: 'cpu' };
    const title = engineTitle(fallback.engine, fallback.device);
    return { engine: fallback.engine, device: fallback.device, title, reason: `${title}: no engine could be measured here (${notUsable.join('; ')})` };
  }
  const title = engineTitle(best.engine, best.device);
  if (!next) return { engine: best.engine, device: best.device, title, reason: `${title}: the only engine that trains here (${notUsable.join('; ')})` };
  const ratio = best.imagesPerSecond! / next.imagesPerSecond!;
  const figures = `${rounded(best.imagesPerSecond!)} vs ${rounded(next.imagesPerSecond!)} images/s training googlenet-96`;
  const how = ratio < 1.1 ? 'about as fast as' : `about ${times(ratio)} faster than`;
  return { engine: best.engine, device: best.device, title, reason: `${title}: ${how} ${engineTitle(next.engine, next.device)} on this machine (${figures})` };
}

/** What the measurement depends on: a new CPU, core count, Python, torch or TF.js backend measures again. */
export function machineKey(tfjs: EngineStatus, torch: TorchStatus): string {
  return JSON.stringify({
    cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, platform: process.platform, arch: process.arch,
    tfjs: tfjs.backends.filter((b) => b.available).map((b) => `${b.name} ${b.detail ?? ''}`),
    torch: torch.available ? { python: torch.python, torch: torch.torchVersion, cuda: torch.cudaVersion, devices: torch.devices.map((d) => d.name ?? d.type) } : null,
  });
}

interface CacheFile { format: string; key: string; measuredAt: number; measured: EngineSpeed[] }

export interface EngineChooserDeps {
  /** `<workspace>/cache/engine-speed.json` holds the last measurement and what it depended on. */
  cacheFile: string;
  tfjsStatus: () => Promise<EngineStatus>;
  torchStatus: () => Promise<TorchStatus>;
  /** The TF.js engine's probe (in a job process in the service). */
  measureTfjs: (graph: GraphDoc) => Promise<TfjsSpeed>;
  measureTorch: (python: string, graph: GraphDoc) => Promise<TorchSpeed>;
}

/** Measures each engine once per machine and versions (cached on disk), and picks the faster. */
export function createEngineChooser(deps: EngineChooserDeps): (options?: { refresh?: boolean }) => Promise<EngineChoice> {
  let pending: Promise<EngineChoice> | null = null;
  const choose = async (refresh: boolean): Promise<EngineChoice> => {
    const [tfjs, torch] = await Promise.all([deps.tfjsStatus(), deps.torchStatus()]);
    const key = machineKey(tfjs, torch);
    const cached = refresh ? null : await readCache(deps.cacheFile);
    if (cached && cached.key === key) return { ...decideEngine(cached.measured), measured: cached.measured, measuredAt: cached.measuredAt, cached: true };
    const graph = speedProbeDesign();
    const measured: EngineSpeed[] = [];
    // One after the other: run together they would share the cores and both read low.
    if (torch.available && torch.python) {
      const device = torch.defaultDevice ?? 'cpu';
      measured.push(await deps.measureTorch(torch.python, graph).then(
        (s) => ({ engine: 'torch' as const, device: s.device, available: true, imagesPerSecond: s.imagesPerSecond, detail: s.backend }),
        (e: Error) => ({ engine: 'torch' as const, device, available: true, imagesPerSecond: null, error: `the probe failed: ${e.message.slice(0, 300)}` }),
      ));
    } else {
      measured.push({ engine: 'torch', device: 'cpu', available: false, imagesPerSecond: null, error: torch.reason ?? 'no Python with torch found' });
    }
    if (tfjs.available && tfjs.active) {
      measured.push(await deps.measureTfjs(graph).then(
        (s) => ({ engine: 'tfjs' as const, device: s.backend, available: true, imagesPerSecond: s.imagesPerSecond, detail: `${s.steps} steps` }),
        (e: Error) => ({ engine: 'tfjs' as const, device: tfjs.active!, available: true, imagesPerSecond: null, error: `the probe failed: ${e.message.slice(0, 300)}` }),
      ));
    } else {
      measured.push({ engine: 'tfjs', device: 'cpu', available: false, imagesPerSecond: null, error: 'no TF.js backend loads' });
    }
    const measuredAt = Date.now();
    await mkdir(path.dirname(deps.cacheFile), { recursive: true });
    await atomicWrite(deps.cacheFile, JSON.stringify({ format: CACHE_FORMAT, key, measuredAt, measured } satisfies CacheFile, null, 2) + '\n');
    return { ...decideEngine(measured), measured, measuredAt, cached: false };
  };
  return (options = {}) => {
    if (options.refresh || !pending) {
      pending = choose(options.refresh ?? false);
      pending.catch(() => (pending = null));
    }
    return pending;
  };
}

async function readCache(file: string): Promise<CacheFile | null> {
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as CacheFile;
    return parsed.format === CACHE_FORMAT && Array.isArray(parsed.measured) ? parsed : null;
  } catch {
    return null;
  }
}
