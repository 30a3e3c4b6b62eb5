import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import type { GraphDoc } from '../graph/types';
import { generateTorchModule } from './codegen';
import { runTool } from './python';

/** What the PyTorch engine's speed probe measured (`inception_tools.py speed`). */
const torchSpeedSchema = z.object({
  /** cuda, mps or cpu: the device a run with `device: auto` uses. */
  device: z.string(),
  /** The runner's description of device, precision and threads. */
  backend: z.string(),
  imagesPerSecond: z.number(),
  steps: z.number(),
  seconds: z.number(),
  /** Cores other programs kept busy, on average, while it measured; null where the system does not tell. */
  othersCores: z.number().nullable(),
  cores: z.number(),
});
export type TorchSpeed = z.infer<typeof torchSpeedSchema>;

/** Trains `graph`'s generated module for a few steps on random images with the runner's defaults. */
export async function measureTorchSpeed(python: string, graph: GraphDoc, options: { batch: number; seconds: number; signal?: AbortSignal }): Promise<TorchSpeed> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'inception-speed-'));
  try {
    const net = path.join(dir, 'net.py');
    await writeFile(net, generateTorchModule(graph).code);
    return await runTool(python, ['speed', net, '--batch', String(options.batch), '--seconds', String(options.seconds)], { timeoutMs: 120_000, answer: torchSpeedSchema, signal: options.signal });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
