import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { compileGraph, designNodeOf } from '../compile/compile';
import type { TrainEvent } from '../contract/events';
import { freezeUpTo } from '../graph/freeze';
import type { GraphDoc } from '../graph/types';
import { runPaths } from '../io/runFolder';
import { classifierNode, withClassCount } from '../shapes/classes';
import { generateTorchModule } from '../torch/codegen';
import { detectTorch } from '../torch/detect';
import { pythonAssetsDir } from '../torch/paths';
import { torchRunPaths } from '../torchRun/runner';
import { readSafetensors } from '../torch/safetensors';
import { writeGreyClassFolder } from '../torchRun/testing/classFolder';
import { readTfjsLayersModel, torchToTfjs, type TfjsWeights } from '../torch/weights';
import { startNewTorchRun, trainNewRun } from '../service/testing/preparedRuns';
import type { ImportedWeight } from './design';
import { importModel } from './importModel';
import { familyFiles } from './testing/families';
import { initialNodeWeights } from './testing/initialHead';
import { torchMissing } from './testing/torchvision';
import { writeImportedRun } from './writeImported';

const CLASSES = 3;
const SEED = 5;
const files = await familyFiles();
const skip = torchMissing(files && new Map(files.map((f) => [f.family, f.trainable])));
const workspace = await mkdtemp(path.join(os.tmpdir(), 'finetune-families-'));
afterAll(() => rm(workspace, { recursive: true, force: true }));
const data = path.join(workspace, 'data');
await writeGreyClassFolder(data, { classes: CLASSES, perClass: 1, size: 32 });

/**
 * Both engines' options: 3 images, 2 steps (of 2 and 1: the second loss is the trained head's), no validation, no
 * augmentation; the TF.js engine decodes them on
 * its own thread (a decode worker per run, started for 6 images, is none of this test's claims: src/data's tests).
 */
const config = (init: { run: string; runDir: string }) => ({
  data: { dir: data, validationFraction: 0, workers: 0 },
  augment: { cropPadding: 0, flip: false, rotation: 0, scale: 0, colorJitter: 0 },
  optimizer: { type: 'adam' as const }, lr: 0.01, schedule: { type: 'constant' as const }, epochs: 1, batchSize: 2, seed: SEED, init,
});

/** Two of the smallest families, a Dense head and a 1×1 convolution head: their heads compiled alone are compared with the whole design compiled. */
const WHOLE_DESIGN_CHECKED = new Set(['mobilenet_v3_small', 'squeezenet1_0']);

/** The initial weights of node `id` in the whole design compiled with the run's seed, as the TF.js engine compiles it. */
function initialWeightsInWhole(design: GraphDoc, id: string): Map<string, Float32Array> {
  const model = compileGraph(design, { seed: SEED, logits: true });
  const weights = new Map(model.weights.filter((w) => designNodeOf(model, w.originalName.split('/')[0]) === id).map((w) => [w.originalName, w.read().dataSync() as Float32Array]));
  model.dispose();
  return weights;
}

const bytes = (w: { data: Float32Array }) => Buffer.from(w.data.buffer, w.data.byteOffset, w.data.byteLength);

/** Every weight but the head's is the imported one bit for bit (BatchNorm statistics too); the head has `CLASSES` outputs. */
function expectFrozen(imported: ReadonlyMap<string, ImportedWeight>, tuned: TfjsWeights, headWeights: ReadonlySet<string>, engine: string): void {
  expect([...tuned.keys()].sort(), engine).toEqual([...new Set([...imported.keys(), ...headWeights])].sort());
  const frozen = [...imported.keys()].filter((name) => !headWeights.has(name));
  expect(frozen.length).toBeGreaterThan(0);
  const changed = frozen.filter((name) => !bytes(tuned.get(name)!).equals(bytes(imported.get(name)!)));
  expect(changed, `${engine}: frozen weights that changed`).toEqual([]);
  const bias = [...headWeights].find((name) => tuned.get(name)!.shape.length === 1);
  expect(bias && tuned.get(bias)!.shape, `${engine}: the new head's bias`).toEqual([CLASSES]);
}

/** PyTorch runs whose heads are compared with their seeded initial values, in one Python process at the end. */
const torchHeads: { family: string; net: string; seed: number; weights: string; prefix: string }[] = [];

describe.skipIf(skip)('fine-tuning every torchvision CNN family imported from ONNX: frozen up to the head, a new head, both engines', () => {
  for (const { family, file, size, variant } of files ?? []) {
    it(`${family} (${size}×${size}${variant ? `; ${variant}` : ''}): frozen weights kept bit for bit, the new ${CLASSES}-class head trained, losses finite, in TF.js and PyTorch`, async () => {
      const imported = await importModel(file);
      const source = path.join(workspace, family, 'imported');
      await writeImportedRun(source, imported);
      // The weights read from the ONNX file, which writeImportedRun put into the run folder the fine-tunings start from.
      const before = imported.weights;
      const head = classifierNode(imported.graph);
      expect(head, 'the classifier that gets a new head').not.toBeNull();
      const design = freezeUpTo(imported.graph, imported.graph.edges.find((e) => e.target === head)!.source);
      expect(design.nodes.filter((n) => !n.frozen).map((n) => n.id)).toContain(head);
      const init = { run: `${family}-imported`, runDir: source };

      // The head as the TF.js engine starts it: the fitted design's head compiled with the run's seed.
      const fitted = withClassCount(design, CLASSES);
      const initialHead = initialNodeWeights(fitted, head!, SEED);
      expect(initialHead.size).toBeGreaterThan(0);
      if (WHOLE_DESIGN_CHECKED.has(family)) expect(initialHead, 'the head compiled alone starts as in the whole design').toEqual(initialWeightsInWhole(fitted, head!));
      const headWeights = new Set(initialHead.keys());

      const losses: Record<string, number[]> = { tfjs: [], torch: [] };
      const lossesOf = (engine: string) => (e: TrainEvent) => {
        if (e.type === 'batch') losses[engine].push(e.loss);
      };
      const tfjsRun = path.join(workspace, family, 'tfjs');
      await trainNewRun({ runDir: tfjsRun, graph: design, fixClasses: true, config: { ...config(init), backend: 'wasm' as const }, onEvent: lossesOf('tfjs') });
      const tfjsTuned = await readTfjsLayersModel(runPaths(tfjsRun).model);
      expectFrozen(before, tfjsTuned, headWeights, 'tfjs');
      for (const [name, start] of initialHead) expect(bytes(tfjsTuned.get(name)!).equals(bytes({ data: start })), `tfjs: ${name} trained`).toBe(false);

      const torchRun = path.join(workspace, family, 'torch');
      const run = await startNewTorchRun({ runDir: torchRun, graph: design, fixClasses: true, config: { ...config(init), torch: { workers: 0, threads: 1 } }, onEvent: lossesOf('torch') });
      const result = await run.finished;
      expect(result.status, result.stderr).toBe('completed');
      const module = generateTorchModule(fitted);
      const weights = path.join(runPaths(torchRun).model, 'weights.safetensors');
      expectFrozen(before, torchToTfjs((await readSafetensors(weights)).tensors, module.tensors), headWeights, 'torch');
      torchHeads.push({ family, net: torchRunPaths(torchRun).net, seed: SEED, weights, prefix: `${module.attributes[head!]}.` });

      for (const engine of ['tfjs', 'torch']) {
        expect(losses[engine], `${engine}: one loss per step`).toHaveLength(2);
        for (const loss of losses[engine]) expect(Number.isFinite(loss), `${engine}: loss ${loss}`).toBe(true);
      }
    }, 900_000);
  }

  it('PyTorch: every fine-tuned head moved from its seeded initial value (one Python process for all families)', async () => {
    // The families whose runs got this far (each family's own test fails when its run does not).
    expect(torchHeads.length).toBeGreaterThan(0);
    const torch = await detectTorch({ timeoutMs: 300_000 });
    const script = path.join(import.meta.dirname, 'testing', 'headMoves.py');
    const { stdout } = await promisify(execFile)(torch.python!, [script, pythonAssetsDir(), JSON.stringify(torchHeads)], { timeout: 600_000, maxBuffer: 1 << 20 });
    const moves = stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, number>);
    moves.forEach((move, i) => {
      expect(Object.keys(move).length, torchHeads[i].family).toBeGreaterThan(0);
      for (const [name, change] of Object.entries(move)) expect(change, `${torchHeads[i].family}: ${name}`).toBeGreaterThan(0);
    });
  }, 600_000);
});
