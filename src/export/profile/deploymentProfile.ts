import { existsSync } from 'node:fs';
import { appendFile, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import type { DeploymentProfile, ProfileRow } from '../../contract/apiTypes';
import { atomicWrite } from '../../io/atomicWrite';
import { measureLatency } from '../int8/ortProcess';
import { findChromium } from './findChromium';
import { measureInChromium, type ChromiumJob, type ChromiumMeasurement } from './measureInChromium';

export type { DeploymentProfile, ProfileRow };

export const PROFILE_FILE = 'profile.json';
const MODEL_CARD = 'README.md';

/** A model to profile: `file` is model.onnx, model.tflite or a TF.js model.json (its shards beside it). */
export interface ProfiledModel { label: string; file: string; kind: ChromiumJob['kind'] }

const NODE_MEMORY = 'peak resident memory of its Node process (VmHWM; Node itself included)';
const BROWSER_RUNTIME = { onnx: 'onnxruntime-web (wasm, 1 thread)', tflite: 'LiteRT.js (wasm, XNNPack)', tfjs: 'TF.js' } as const;

/** The bytes that make up the model: the one file, or a TF.js model.json and its weight shards. */
export async function modelBytes(model: ProfiledModel): Promise<number> {
  if (model.kind !== 'tfjs') return (await stat(model.file)).size;
  const manifest = JSON.parse(await readFile(model.file, 'utf8')) as { weightsManifest: { paths: string[] }[] };
  const shards = manifest.weightsManifest.flatMap((group) => group.paths).map((shard) => path.join(path.dirname(model.file), shard));
  const sizes = await Promise.all([model.file, ...shards].map(async (f) => (await stat(f)).size));
  return sizes.reduce((a, b) => a + b, 0);
}

/** Each model in Chromium, or rows that say in plain words why there are no numbers. */
async function browserRows(models: ProfiledModel[], sizes: number[], inputShape: readonly number[], runs: number, chromium: string | null): Promise<ProfileRow[]> {
  const unmeasured = (why: string): ProfileRow[] =>
    models.map((m, i) => ({ runtime: `${BROWSER_RUNTIME[m.kind]}, ${m.label}`, where: 'Chromium', sizeBytes: sizes[i]!, peakMemoryBytes: null, memory: 'not measured', loadMs: null, medianMs: null, p95Ms: null, runs: 0, unavailable: why }));
  if (!chromium) return unmeasured('Not measured: no Chromium or Chrome was found on this machine (set CHROMIUM_PATH to one).');
  let measured: ChromiumMeasurement[];
  try {
    measured = await measureInChromium(chromium, models.map((m) => ({ file: m.file, kind: m.kind, shape: inputShape })), runs);
  } catch (error) {
    return unmeasured(`Not measured: Chromium (${chromium}) failed: ${(error as Error).message.split('\n')[0]}`);
  }
  return measured.map((m, i) => ({ runtime: `${m.runtime}, ${models[i]!.label}`, where: m.where, sizeBytes: sizes[i]!, peakMemoryBytes: m.peakMemoryBytes, memory: m.memory, loadMs: m.loadMs, medianMs: m.medianMs, p95Ms: m.p95Ms, runs }));
}

/**
 * Measures each model at batch 1 — median and p95 latency of `runs` runs, load time, peak memory, file size —
 * in onnxruntime-node (ONNX models, each in a process of its own) and in Chromium: onnxruntime-web (wasm) for
 * ONNX, LiteRT.js for TFLite, TF.js for a TF.js model. `inputShape` is C×H×W.
 */
export async function profileModels(models: ProfiledModel[], inputShape: readonly number[], machine: string, runs = 50, chromium = findChromium()): Promise<DeploymentProfile> {
  const work = await mkdtemp(path.join(tmpdir(), 'inception-profile-'));
  try {
    const sizes = await Promise.all(models.map(modelBytes));
    const rows: ProfileRow[] = [];
    for (const [i, model] of models.entries()) {
      if (model.kind !== 'onnx') continue;
      const measured = await measureLatency(work, model.file, inputShape, runs);
      rows.push({ runtime: `onnxruntime-node (CPU), ${model.label}`, where: `Node ${process.versions.node}, a process of its own`, sizeBytes: sizes[i]!, peakMemoryBytes: measured.peakRssBytes, memory: NODE_MEMORY, loadMs: measured.loadMs, medianMs: measured.medianMs, p95Ms: measured.p95Ms, runs });
    }
    rows.push(...(await browserRows(models, sizes, inputShape, runs, chromium)));
    return { measuredAt: new Date().toISOString(), machine, rows };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** The model of an export folder as the profile takes it, and its input shape (C×H×W) from preprocessing.json. */
export async function exportedModel(dir: string, label: string): Promise<{ model: ProfiledModel; inputShape: number[] }> {
  const kind = existsSync(path.join(dir, 'model.onnx')) ? 'onnx' : existsSync(path.join(dir, 'model.tflite')) ? 'tflite' : existsSync(path.join(dir, 'model.json')) ? 'tfjs' : null;
  if (!kind) throw new Error(`no model.onnx, model.tflite or model.json in ${dir} to profile`);
  const spec = JSON.parse(await readFile(path.join(dir, 'preprocessing.json'), 'utf8')) as { channels: number; height: number; width: number };
  return { model: { label, file: path.join(dir, { onnx: 'model.onnx', tflite: 'model.tflite', tfjs: 'model.json' }[kind]), kind }, inputShape: [spec.channels, spec.height, spec.width] };
}

/** Profiles the model of an export folder and writes profile.json and the model card's section; returns the profile. */
export async function profileExportFolder(dir: string, label: string): Promise<DeploymentProfile> {
  const { model, inputShape } = await exportedModel(dir, label);
  const profile = await profileModels([model], inputShape, machineName());
  await atomicWrite(path.join(dir, PROFILE_FILE), JSON.stringify(profile, null, 2) + '\n');
  await appendFile(path.join(dir, MODEL_CARD), `\n${profileSection(profile)}\n`);
  return profile;
}

/** The model card's section: the profile as a table, with where each row ran and what its memory is. */
export function profileSection(profile: DeploymentProfile): string {
  const mb = (bytes: number | null) => (bytes === null ? '—' : (bytes / 1e6).toFixed(2));
  const ms = (value: number | null, digits: number) => (value === null ? '—' : value.toFixed(digits));
  const memories = [...new Set(profile.rows.filter((r) => !r.unavailable).map((r) => `${r.where}: ${r.memory}`))];
  const notes = profile.rows.filter((r) => r.unavailable).map((r) => `- ${r.runtime}: ${r.unavailable}`);
  return [
    '## Deployment profile',
    '',
    `Measured ${profile.measuredAt.slice(0, 16).replace('T', ' ')} UTC on ${profile.machine}, batch 1. Peak memory is, per place:`,
    '',
    ...memories.map((m) => `- ${m}`),
    '',
    '| runtime | where | size MB | peak memory MB | load ms | median ms | p95 ms | runs |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...profile.rows.map((r) => `| ${r.runtime} | ${r.where} | ${mb(r.sizeBytes)} | ${mb(r.peakMemoryBytes)} | ${ms(r.loadMs, 0)} | ${ms(r.medianMs, 2)} | ${ms(r.p95Ms, 2)} | ${r.runs} |`),
    ...(notes.length ? ['', ...notes] : []),
  ].join('\n');
}

/** This machine in words: CPU model, cores, memory. */
export function machineName(): string {
  return `${os.cpus()[0]?.model?.trim() ?? 'unknown CPU'}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB (${os.platform()} ${os.arch()})`;
}
