import { execFile } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { applyAugmentation, drawAugmentation, type AugmentSpec } from '../data/augment';
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

function runPython(input: object[]): Promise<number[][]> {
  return new Promise((resolve, reject) => {
    const child = execFile(torch.python!, ['-c', SCRIPT, pythonAssetsDir()], { env: pythonEnv(), maxBuffer: 1 << 24 }, (error, stdout, stderr) =>
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
