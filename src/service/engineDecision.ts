import type { EngineChoice, EngineSpeed } from '../contract/engines';

const TORCH_DEVICES: Record<string, string> = { cpu: 'CPU', cuda: 'CUDA', mps: 'Apple MPS' };
const TFJS_BACKENDS: Record<string, string> = { 'tensorflow-gpu': 'tfjs-node-gpu (CUDA)', tensorflow: 'tfjs-node', wasm: 'wasm', cpu: 'plain JavaScript' };

/** "PyTorch on CPU", "TF.js wasm". */
export function engineTitle(engine: 'tfjs' | 'torch', device: string): string {
  return engine === 'torch' ? `PyTorch on ${TORCH_DEVICES[device] ?? device}` : `TF.js ${TFJS_BACKENDS[device] ?? device}`;
}

const engineName = (engine: 'tfjs' | 'torch') => (engine === 'torch' ? 'PyTorch' : 'TF.js');
const rounded = (ips: number) => (ips >= 100 ? Math.round(ips) : Number(ips.toPrecision(2)));
const times = (ratio: number) => (ratio >= 3 ? `${Math.round(ratio)}×` : `${ratio.toFixed(1)}×`);

/** What the figures were measured on: the design's name and its size class. */
export interface MeasuredOn {
  design: string;
  /** "100 M–1 G multiply-adds per image". */
  sizeClass: string;
}

/**
 * Picks the engine with the higher figure; where none could be measured, PyTorch when it is there, else
 * TF.js. The reason says by how much, with the figures, the design they were measured on and its size class.
 */
export function decideEngine(measured: EngineSpeed[], on: MeasuredOn): Pick<EngineChoice, 'engine' | 'device' | 'title' | 'reason'> {
  const usable = measured.filter((m) => m.imagesPerSecond !== null && m.imagesPerSecond > 0).sort((a, b) => b.imagesPerSecond! - a.imagesPerSecond!);
  const notUsable = measured.filter((m) => !usable.includes(m)).map((m) => `${engineName(m.engine)}: ${m.error ?? 'not measured'}`);
  const [best, next] = usable;
  if (!best) {
    const fallback = measured.find((m) => m.engine === 'torch' && m.available) ?? measured.find((m) => m.engine === 'tfjs') ?? { engine: 'tfjs' as const, device: 'cpu' };
    const title = engineTitle(fallback.engine, fallback.device);
    return { engine: fallback.engine, device: fallback.device, title, reason: `${title}: no engine could be measured here (${notUsable.join('; ')})` };
  }
  const title = engineTitle(best.engine, best.device);
  if (!next) return { engine: best.engine, device: best.device, title, reason: `${title}: the only engine that trains here (${notUsable.join('; ')})` };
  const ratio = best.imagesPerSecond! / next.imagesPerSecond!;
  const fromRuns = [best, next].filter((m) => m.fromRun).map((m) => `; ${engineName(m.engine)}'s figure from run ${m.fromRun}`).join('');
  const figures = `${rounded(best.imagesPerSecond!)} vs ${rounded(next.imagesPerSecond!)} images/s training ${on.design}, ${on.sizeClass}${fromRuns}`;
  const how = ratio < 1.1 ? 'about as fast as' : `about ${times(ratio)} faster than`;
  return { engine: best.engine, device: best.device, title, reason: `${title}: ${how} ${engineTitle(next.engine, next.device)} on this machine (${figures})` };
}

/** Said after the reason of a measurement taken while other programs kept the cores busy. */
export function provisionalNote(othersCores: number | null, cores: number): string {
  const busy = othersCores === null ? 'other programs kept the cores busy' : `other programs kept ${othersCores.toFixed(1)} of ${cores} cores busy`;
  return ` — provisional: ${busy} while it measured, so it is measured again at the next start`;
}
