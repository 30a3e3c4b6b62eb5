import os from 'node:os';
import { speedProbeDesign } from '../graph/speedProbe';
import type { GraphDoc } from '../graph/types';
import type { TfjsSpeed } from '../contract/engines';
import type { TorchStatus } from '../torch/detect';
import type { TorchSpeed } from '../torch/speed';
import type { EngineChoice, EngineSpeed, EngineStatus } from './api';
import { decideEngine, provisionalNote } from './engineDecision';
import { combineMeasurements, effectiveSpeeds, readSpeedCache, withRun, writeSpeedCache, type SizeClassSpeeds } from './engineSpeedCache';
import { probeBatchFor, sizeClassOf } from './sizeClass';

export { engineTitle } from './engineDecision';

/** Seconds each engine trains the design in one probe round (after two warm-up steps). */
export const PROBE_SECONDS = 1;
/** Rounds per engine, interleaved (PyTorch, TF.js, PyTorch, TF.js): a busy moment hits both engines alike. */
export const PROBE_ROUNDS = 2;

/** `$INCEPTION_ENGINE_PROBE_ROUNDS` where set (test suites that share the machine set 1), else `PROBE_ROUNDS`. */
function probeRounds(): number {
  const rounds = Number.parseInt(process.env.INCEPTION_ENGINE_PROBE_ROUNDS ?? '', 10);
  return rounds > 0 ? rounds : PROBE_ROUNDS;
}
/** A measurement is provisional when other programs kept more than this share of the cores busy in any round. */
export const BUSY_SHARE = 0.25;
/** Within one session, a provisional choice is reused this long before it is measured again. */
const PROVISIONAL_REUSE_MS = 10 * 60_000;

/** What the measurement depends on: a new CPU, core count, Python, torch or TF.js backend measures again. */
export function machineKey(tfjs: EngineStatus, torch: TorchStatus): string {
  return JSON.stringify({
    cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, platform: process.platform, arch: process.arch,
    tfjs: tfjs.backends.filter((b) => b.available).map((b) => `${b.name} ${b.detail ?? ''}`),
    torch: torch.available ? { python: torch.python, torch: torch.torchVersion, cuda: torch.cudaVersion, devices: torch.devices.map((d) => d.name ?? d.type) } : null,
  });
}

export interface ProbeSize {
  batch: number;
  seconds: number;
}

export interface EngineChooserDeps {
  /** `<workspace>/cache/engine-speed.json` holds the figures per size class and what they depended on. */
  cacheFile: string;
  tfjsStatus: () => Promise<EngineStatus>;
  torchStatus: () => Promise<TorchStatus>;
  /** The TF.js engine's probe (in a job process in the service). */
  measureTfjs: (graph: GraphDoc, probe: ProbeSize) => Promise<TfjsSpeed>;
  measureTorch: (python: string, graph: GraphDoc, probe: ProbeSize) => Promise<TorchSpeed>;
  /** Rounds per engine; `$INCEPTION_ENGINE_PROBE_ROUNDS`, else `PROBE_ROUNDS`, unless given. */
  rounds?: number;
  seconds?: number;
  /** Images per probe step; by default from the design's size (`probeBatchFor`). */
  batch?: number;
  /** Aborted when the host closes: a measurement under way ends unfinished, and nothing of it is cached. */
  signal?: AbortSignal;
}

/** A finished run's training speed, to learn from. */
export interface FinishedRunSpeed {
  runId: string;
  engine: 'tfjs' | 'torch';
  device: string;
  graph: GraphDoc;
  imagesPerSecond: number;
}

export interface EngineChooser {
  /** What "Automatic" picks for `graph` (the googlenet-96 preset when none is given); `refresh` measures anew. */
  choose(options?: { refresh?: boolean; graph?: GraphDoc }): Promise<EngineChoice>;
  /** A finished run's images/s: where it beats what the probe read for its engine, the choice follows it. */
  learnFromRun(run: FinishedRunSpeed): Promise<void>;
}

interface Round { speed?: TfjsSpeed | TorchSpeed; error?: string }

const failed = (e: Error): Round => ({ error: `the probe failed: ${e.message.slice(0, 300)}` });

/** An engine's figure from its rounds: the best round (other programs only ever slow it down). */
function fromRounds(engine: 'tfjs' | 'torch', device: string, rounds: Round[], detail: (s: TfjsSpeed | TorchSpeed) => string): EngineSpeed {
  const done = rounds.flatMap((r) => (r.speed ? [r.speed] : []));
  if (!done.length) return { engine, device, available: true, imagesPerSecond: null, error: rounds.find((r) => r.error)?.error ?? 'not measured' };
  const best = done.reduce((a, b) => (b.imagesPerSecond > a.imagesPerSecond ? b : a));
  return { engine, device: 'device' in best ? best.device : best.backend, available: true, imagesPerSecond: best.imagesPerSecond, detail: detail(best), rounds: done.map((s) => Number(s.imagesPerSecond.toFixed(2))) };
}

/**
 * Measures the engines on the design being trained (once per machine, versions and size class, cached on
 * disk) in interleaved rounds, and picks the faster. A measurement taken while other programs kept the cores
 * busy is provisional: kept for this session, measured again at the next, and combined with that one.
 */
export function createEngineChooser(deps: EngineChooserDeps): EngineChooser {
  const rounds = deps.rounds ?? probeRounds();
  const seconds = deps.seconds ?? PROBE_SECONDS;
  const inSession = new Map<string, { choice: Promise<EngineChoice>; at: number }>();
  // One measurement at a time: two at once would share the cores and both read low.
  let measuring: Promise<unknown> = Promise.resolve();

  const statuses = async () => {
    const [tfjs, torch] = await Promise.all([deps.tfjsStatus(), deps.torchStatus()]);
    return { tfjs, torch, key: machineKey(tfjs, torch) };
  };

  const measure = async (graph: GraphDoc, tfjs: EngineStatus, torch: TorchStatus): Promise<Omit<SizeClassSpeeds, 'runs'>> => {
    const size = sizeClassOf(graph);
    const probe = { batch: deps.batch ?? probeBatchFor(size.macs), seconds };
    const torchRounds: Round[] = [];
    const tfjsRounds: Round[] = [];
    const torchPython = torch.available ? torch.python : null;
    const tfjsUsable = tfjs.available && tfjs.active;
    for (let i = 0; i < rounds; i++) {
      deps.signal?.throwIfAborted();
      // An engine whose first round failed is not tried again.
      if (torchPython && !torchRounds.some((r) => r.error)) torchRounds.push(await deps.measureTorch(torchPython, graph, probe).then((speed) => ({ speed }), failed));
      deps.signal?.throwIfAborted();
      if (tfjsUsable && !tfjsRounds.some((r) => r.error)) tfjsRounds.push(await deps.measureTfjs(graph, probe).then((speed) => ({ speed }), failed));
    }
    const measured: EngineSpeed[] = [
      torchPython
        ? fromRounds('torch', torch.defaultDevice ?? 'cpu', torchRounds, (s) => ('device' in s ? s.backend : ''))
        : { engine: 'torch', device: 'cpu', available: false, imagesPerSecond: null, error: torch.reason ?? 'no Python with torch found' },
      tfjsUsable
        ? fromRounds('tfjs', tfjs.active!, tfjsRounds, (s) => `${s.steps} steps a round, ${probe.batch} images a step`)
        : { engine: 'tfjs', device: 'cpu', available: false, imagesPerSecond: null, error: 'no TF.js backend loads' },
    ];
    const readings = [...torchRounds, ...tfjsRounds].flatMap((r) => (r.speed ? [r.speed] : []));
    const cores = readings[0]?.cores ?? os.availableParallelism();
    const known = readings.map((s) => s.othersCores).filter((c): c is number => c !== null);
    const othersCores = known.length ? Math.max(...known) : null;
    const provisional = othersCores !== null && othersCores > BUSY_SHARE * cores;
    return { design: graph.name, sizeClass: size.label, measuredAt: Date.now(), measurements: 1, provisional, othersCores, cores, measured };
  };

  const choiceOf = (entry: SizeClassSpeeds, cached: boolean): EngineChoice => {
    const measured = effectiveSpeeds(entry);
    const decided = decideEngine(measured, { design: entry.design, sizeClass: entry.sizeClass });
    const reason = decided.reason + (entry.provisional ? provisionalNote(entry.othersCores, entry.cores) : '');
    const { design, sizeClass, measuredAt, provisional, othersCores, cores, measurements } = entry;
    return { ...decided, reason, measured, measuredAt, cached, design, sizeClass, provisional, othersCores, cores, measurements };
  };

  const choose = async (graph: GraphDoc, refresh: boolean): Promise<EngineChoice> => {
    const { tfjs, torch, key } = await statuses();
    const classId = sizeClassOf(graph).id;
    const before = (await readSpeedCache(deps.cacheFile, key))[classId];
    if (!refresh && before && before.measurements > 0 && !before.provisional) return choiceOf(before, true);
    const run = measuring.then(() => measure(graph, tfjs, torch));
    measuring = run.catch(() => undefined);
    const fresh = { ...(await run), runs: [] };
    deps.signal?.throwIfAborted();
    // Read again: a finished run may have been recorded while this measured.
    const classes = await readSpeedCache(deps.cacheFile, key);
    const latest = classes[classId];
    const entry = refresh ? { ...fresh, runs: latest?.runs ?? [] } : combineMeasurements(latest, fresh);
    await writeSpeedCache(deps.cacheFile, key, { ...classes, [classId]: entry });
    return choiceOf(entry, false);
  };

  return {
    choose: (options = {}) => {
      const graph = options.graph ?? speedProbeDesign();
      const classId = sizeClassOf(graph).id;
      const held = inSession.get(classId);
      const reusable = held && !options.refresh && Date.now() - held.at < PROVISIONAL_REUSE_MS;
      if (reusable) return held.choice;
      const choice = choose(graph, options.refresh ?? false);
      inSession.set(classId, { choice, at: Date.now() });
      choice.then(
        (c) => {
          // A final choice holds for the session; a provisional one only for a while.
          if (!c.provisional) inSession.set(classId, { choice, at: Infinity });
        },
        () => inSession.delete(classId),
      );
      return choice;
    },
    learnFromRun: async (run) => {
      if (!(run.imagesPerSecond > 0)) return;
      const { key } = await statuses();
      const size = sizeClassOf(run.graph);
      const classes = await readSpeedCache(deps.cacheFile, key);
      const entry: SizeClassSpeeds = classes[size.id] ?? {
        design: run.graph.name, sizeClass: size.label, measuredAt: Date.now(), measurements: 0, provisional: true, othersCores: null, cores: os.availableParallelism(), measured: [], runs: [],
      };
      const recorded = withRun(entry, { engine: run.engine, device: run.device, imagesPerSecond: run.imagesPerSecond, runId: run.runId, design: run.graph.name, at: Date.now() });
      if (recorded === entry) return;
      await writeSpeedCache(deps.cacheFile, key, { ...classes, [size.id]: recorded });
      // This session's choice for the class follows the run's figure.
      if (recorded.measurements > 0) {
        const held = inSession.get(size.id);
        inSession.set(size.id, { choice: Promise.resolve(choiceOf(recorded, true)), at: held?.at ?? (recorded.provisional ? Date.now() : Infinity) });
      }
    },
  };
}
