import { z } from 'zod';

/** The TF.js backends, fastest first. */
export type BackendName = 'tensorflow-gpu' | 'tensorflow' | 'wasm' | 'cpu';

export interface BackendStatus {
  name: BackendName;
  /** The npm package that provides it. */
  package: string;
  available: boolean;
  /** Why it cannot run, and what that means for the user; absent when available. */
  reason?: string;
  /** Version or device details when available. */
  detail?: string;
  /** True when it exists only on another platform (tfjs-node-gpu off Linux and Windows): nothing to do about it here. */
  otherPlatform?: boolean;
}

export interface EngineStatus {
  id: 'tfjs';
  title: string;
  available: boolean;
  /** The backend a job would use now. */
  active: BackendName | null;
  backends: BackendStatus[];
}

/** The engine entry of the service's `engines()` report, in the shape of the TF.js one. */
export interface TorchEngineStatus {
  id: 'torch';
  title: string;
  available: boolean;
  /** The device a run would use now. */
  active: 'cuda' | 'mps' | 'cpu' | null;
  backends: { name: 'cuda' | 'mps' | 'cpu'; package: string; available: boolean; reason?: string; detail?: string; otherPlatform?: boolean }[];
  /** What a CPU run with `precision: auto` trains in, as measured on this machine (null: not measured yet). */
  cpuPrecision?: TorchCpuPrecision | null;
}

/** The PyTorch engine's CPU precision choice, cached per machine with what it measured. */
export interface TorchCpuPrecision {
  precision: 'fp32' | 'bf16';
  channelsLast: boolean;
  /** "fp32 + channels_last measured fastest here (55 images/s training googlenet-96; fp32 (NCHW) 44; 1.25× plain fp32; best of 3 interleaved rounds, measured 2026-12-06)". */
  why: string;
  measuredAt: number;
  /** Measured while other programs kept the cores busy: measured again by a later run. */
  provisional: boolean;
}

export interface EnginesReport {
  /** TF.js first, then PyTorch (`id: 'torch'`, one backend per device type). */
  engines: (EngineStatus | TorchEngineStatus)[];
}

/** One engine's figure for "Automatic": the best of its interleaved probe rounds, or a finished run's speed where faster. */
export interface EngineSpeed {
  engine: 'tfjs' | 'torch';
  /** The TF.js backend, or the PyTorch device (cuda, mps, cpu). */
  device: string;
  /** Whether the engine is there at all. */
  available: boolean;
  /** null when the engine is missing or its probe failed (`error` says why). */
  imagesPerSecond: number | null;
  detail?: string;
  error?: string;
  /** Each probe round's images/s, in the order measured (interleaved with the other engine's rounds). */
  rounds?: number[];
  /** The figure is a finished run's (its id): it trained faster than the probe read. */
  fromRun?: string;
}

/** What "Automatic" trains with here, and why: the faster engine, measured per machine, versions and design size class. */
export interface EngineChoice {
  engine: 'tfjs' | 'torch';
  /** The TF.js backend or PyTorch device it will use. */
  device: string;
  /** "PyTorch on CPU". */
  title: string;
  /** "PyTorch on CPU: about 8× faster than TF.js wasm on this machine (412 vs 51 images/s training googlenet-96, 100 M–1 G multiply-adds per image)". */
  reason: string;
  measured: EngineSpeed[];
  /** Milliseconds since the epoch. */
  measuredAt: number;
  /** Read from the workspace's cache rather than measured now. */
  cached: boolean;
  /** The design the engines trained in the probe, and its size class (designs of one class share a measurement). */
  design: string;
  sizeClass: string;
  /** Measured while other programs kept the cores busy: not final, measured again at the next start. */
  provisional: boolean;
  /** The most cores other programs kept busy in any probe round of the last measurement; null where unknown. */
  othersCores: number | null;
  cores: number;
  /** How many measurements the figures combine (a provisional one is combined with the next). */
  measurements: number;
}

/** The TF.js engine's figure in the speed probe, measured in a job process (`measureTfjsSpeed`). */
export const tfjsSpeedSchema = z.object({
  backend: z.string(), imagesPerSecond: z.number(), steps: z.number(), seconds: z.number(),
  /** Cores other programs kept busy, on average, while it measured; null where the system does not tell. */
  othersCores: z.number().nullable(),
  cores: z.number(),
});
export type TfjsSpeed = z.infer<typeof tfjsSpeedSchema>;
