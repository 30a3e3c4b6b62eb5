import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freezeUpTo } from '../graph/freeze';
import { loadPreset } from '../graph/presets';
import { fashionMnist } from '../testing/installs';
import { needs } from '../testing/requirements';
import { readTfjsLayersModel, type TfjsWeights } from '../torch/weights';
import type { TrainEvent } from '../contract/events';
import type { InitReport } from './initWeights';
import { trainNewRun } from '../service/testing/preparedRuns';
import { writeFashionClasses } from './testing/fashionClasses';
import { readJson, runPaths } from '../io/runFolder';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'inception-finetune-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const options = (data: string, extra: object = {}) => ({
  data: { dir: data, workers: 1, validationFraction: 0 },
  epochs: 1,
  batchSize: 8,
  lr: 0.01,
  backend: 'wasm' as const,
  ...extra,
});

const bytes = (w: TfjsWeights, name: string) => {
  const found = w.get(name);
  if (!found) throw new Error(`no weight ${name}`);
  return Buffer.from(found.data.buffer, found.data.byteOffset, found.data.byteLength);
};

describe.runIf(needs(fashionMnist()))('fine-tuning in the TF.js engine', () => {
  it('keeps frozen weights and BatchNorm statistics bit for bit, trains the rest, and gives a new head', async () => {
    const before = path.join(dir, 'pretrained');
    await trainNewRun({ runDir: before, graph: loadPreset('small-cnn'), config: options(await writeFashionClasses(path.join(dir, 'a'), [0, 1, 2, 3, 4], 8, 'train')), fixClasses: true });
    const pretrained = await readTfjsLayersModel(runPaths(before).model);
    expect(pretrained.get('fc/kernel')!.shape.at(-1)).toBe(5);

    const after = path.join(dir, 'fine-tuned');
    const events: TrainEvent[] = [];
    await trainNewRun({
      runDir: after,
      graph: freezeUpTo(loadPreset('small-cnn'), 'pool1'),
      config: options(await writeFashionClasses(path.join(dir, 'b'), [5, 6, 7], 8, 't10k'), { init: { run: 'pretrained', runDir: before } }),
      fixClasses: true,
      onEvent: (e) => events.push(e),
    });
    const tuned = await readTfjsLayersModel(runPaths(after).model);

    // conv1 is frozen: its kernel, bias, gamma, beta and moving statistics are those of the init, bit for bit.
    for (const name of ['conv1_conv/kernel', 'conv1_conv/bias', 'conv1_bn/gamma', 'conv1_bn/beta', 'conv1_bn/moving_mean', 'conv1_bn/moving_variance']) {
      expect(bytes(tuned, name).equals(bytes(pretrained, name)), name).toBe(true);
    }
    // conv2 was copied, then trained: weights and statistics moved.
    for (const name of ['conv2_conv/kernel', 'conv2_bn/gamma', 'conv2_bn/moving_mean', 'conv2_bn/moving_variance']) {
      expect(bytes(tuned, name).equals(bytes(pretrained, name)), name).toBe(false);
    }
    expect(tuned.get('fc/kernel')!.shape.at(-1)).toBe(3);

    const init: InitReport = { run: 'pretrained', copied: 12, fresh: ['fc'] };
    expect(events.find((e) => e.type === 'start')).toMatchObject({ init });
    expect(await readJson(runPaths(after).report)).toMatchObject({ init, classes: ['Sandal', 'Shirt', 'Sneaker'] });
  }, 60_000);
});
