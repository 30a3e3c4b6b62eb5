import { execFile } from 'node:child_process';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { applyAugmentation, drawAugmentation } from '../data/augment';
import type { AugmentSpec } from '../contract/augment';
import { mulberry32 } from '../data/random';
import { learningRateAt, type ScheduleOptions } from '../train/schedule';
import { torchInstalled } from '../testing/installs';
import { needs } from '../testing/requirements';
import { detectTorch } from './detect';
import { pythonAssetsDir } from './paths';
import { pythonEnv } from './python';

const torch = await detectTorch();

const SCRIPT = `
import json, sys, torch
sys.path.insert(0, sys.argv[1])
from inception_torch.augment import _colour, _geometry
out = []
for job in json.load(sys.stdin):
    h, w, c = job["h"], job["w"], job["c"]
    x = torch.tensor(job["pixels"], dtype=torch.float32).view(1, h, w, c).permute(0, 3, 1, 2).contiguous()
    u = torch.tensor([job["u"]], dtype=torch.float64)
    y = _colour(_geometry(x, job["spec"], u), job["spec"], u)
    out.append(y.permute(0, 2, 3, 1).reshape(-1).tolist())
print(json.dumps(out))
`;

/** The runner's input pipeline resizing a uint8 batch for progressive resizing (no augmentation, mean 0, std 1). */
const RESIZE_SCRIPT = `
import json, sys, torch
sys.path.insert(0, sys.argv[1])
from inception_torch.augment import InputPipeline
from inception_torch.resize_phases import size_at
job = json.load(sys.stdin)
pipeline = InputPipeline(torch.device("cpu"), [0.0], [1.0], False, None, 0)
pixels = torch.tensor(job["pixels"], dtype=torch.uint8).view(2, 8, 8, 1)
size = size_at(job["phases"], 0, 8, 8)
print(json.dumps({"size": size, "last": size_at(job["phases"], 2, 8, 8), "x": pipeline(pixels, train=True, size=size).permute(0, 2, 3, 1).reshape(-1).tolist()}))
`;

function runPython(input: object[] | object, script = SCRIPT): Promise<number[][]> {
  return new Promise((resolve, reject) => {
    const child = execFile(torch.python!, ['-c', script, pythonAssetsDir()], { env: pythonEnv(), maxBuffer: 1 << 24 }, (error, stdout, stderr) =>
      error ? reject(new Error(stderr || error.message)) : resolve(JSON.parse(stdout) as number[][]));
    child.stdin!.end(JSON.stringify(input));
  });
}

describe.runIf(needs(torchInstalled(torch)))('the Python runner\'s pure parts against the TF.js engine\'s', () => {
  it('computes what the TF.js engine computes for the same draws (flip, rotation, zoom, shift, colour)', async () => {
    const [h, w] = [9, 12];
    const specs: [AugmentSpec, number][] = [
      [{ cropPadding: 2, flip: true, rotation: 0, scale: 0, colorJitter: 0 }, 3],
      [{ cropPadding: 1, flip: true, rotation: 20, scale: 0.2, colorJitter: 0.4 }, 3],
      [{ cropPadding: 0, flip: false, rotation: 15, scale: 0.1, colorJitter: 0.3 }, 1],
      [{ cropPadding: 1, flip: true, rotation: 10, scale: 0, colorJitter: 0.5 }, 4],
    ];
    const cases: { label: string; expected: Float32Array; job: object }[] = [];
    for (const [i, [spec, c]] of specs.entries()) {
      for (const seed of [1, 2, 3]) {
        const source = mulberry32(seed * 31 + i);
        const pixels = Float32Array.from({ length: h * w * c }, () => source());
        const draws = mulberry32(seed + 100 * i);
        const u = Array.from({ length: 8 }, () => draws());
        let k = 0;
        const draw = drawAugmentation(spec, () => u[k++]);
        const expected = applyAugmentation(Float32Array.from(pixels), { height: h, width: w, channels: c }, draw);
        cases.push({ label: `${JSON.stringify(spec)}, ${c} channels, seed ${seed}`, expected, job: { pixels: Array.from(pixels), u, h, w, c, spec } });
      }
    }
    const results = await runPython(cases.map((x) => x.job));
    cases.forEach(({ label, expected }, n) => {
      let worst = 0;
      for (let j = 0; j < expected.length; j++) worst = Math.max(worst, Math.abs(results[n][j] - expected[j]));
      expect(worst, label).toBeLessThan(1e-4);
    });
  });

  it('resizes a progressive-resizing phase\'s batches as the TF.js engine does: a 2× reduction is the 2×2 mean in both', async () => {
    const pixels = Array.from({ length: 2 * 8 * 8 }, (_, i) => (i * 37) % 256);
    const answer = (await runPython({ pixels, phases: [{ size: 4, epochs: 2 }] }, RESIZE_SCRIPT)) as unknown as { size: number[]; last: null; x: number[] };
    expect(answer).toMatchObject({ size: [4, 4], last: null });
    const expected = tf.tidy(() => tf.image.resizeBilinear(tf.tensor4d(pixels, [2, 8, 8, 1]).div(255) as tf.Tensor4D, [4, 4], false, true).dataSync());
    const mean = tf.tidy(() => tf.avgPool(tf.tensor4d(pixels, [2, 8, 8, 1]).div(255) as tf.Tensor4D, 2, 2, 'valid').dataSync());
    for (let i = 0; i < mean.length; i++) {
      expect(expected[i]).toBeCloseTo(mean[i], 5);
      expect(answer.x[i]).toBeCloseTo(mean[i], 5);
    }
  });

  it('gives every step the same learning rate (warm-up, constant, step, cosine)', async () => {
    const options: ScheduleOptions[] = [
      { baseLr: 0.1, schedule: { type: 'constant' }, warmupEpochs: 0.5, epochs: 3, stepsPerEpoch: 7 },
      { baseLr: 0.01, schedule: { type: 'step', stepEpochs: 2, gamma: 0.5 }, warmupEpochs: 1, epochs: 6, stepsPerEpoch: 5 },
      { baseLr: 0.003, schedule: { type: 'cosine', minFactor: 0.01 }, warmupEpochs: 0, epochs: 4, stepsPerEpoch: 9 },
      { baseLr: 0.003, schedule: { type: 'cosine', minFactor: 0.2 }, warmupEpochs: 1.5, epochs: 4, stepsPerEpoch: 3 },
    ];
    const script = `
import json, sys
sys.path.insert(0, sys.argv[1])
from inception_torch.schedule import learning_rate_at
print(json.dumps([[learning_rate_at(s, o["baseLr"], o["schedule"], o["warmupEpochs"], o["epochs"], o["stepsPerEpoch"])
                   for s in range(o["epochs"] * o["stepsPerEpoch"])] for o in json.load(sys.stdin)]))
`;
    const actual = await new Promise<number[][]>((resolve, reject) => {
      const child = execFile(torch.python!, ['-c', script, pythonAssetsDir()], { env: pythonEnv() }, (error, stdout, stderr) =>
        error ? reject(new Error(stderr || error.message)) : resolve(JSON.parse(stdout) as number[][]));
      child.stdin!.end(JSON.stringify(options));
    });
    options.forEach((o, i) => {
      const expected = Array.from({ length: o.epochs * o.stepsPerEpoch }, (_, s) => learningRateAt(s, o));
      expect(actual[i].length).toBe(expected.length);
      actual[i].forEach((lr, s) => expect(lr, `${o.schedule.type} step ${s}`).toBeCloseTo(expected[s], 12));
    });
  });
});
