// What the time-to-accuracy benchmark measures beside the app on the same machine in the same run: the plain
// fp32 PyTorch loop (scripts/bench/plain_torch_loop.py, the reference of issue 25) and the machine's
// convolution peak (one 3×3 convolution trained in fp32 and bf16, inception_torch/cpu_speed.py).
import { execFile } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from './bundleSources.mjs';

const run = (python, args, env = {}) => new Promise((resolve, reject) => {
  execFile(python, args, { cwd: ROOT, env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', ...env }, maxBuffer: 1 << 20 }, (error, stdout, stderr) =>
    error ? reject(new Error(`${path.basename(args[0] ?? python)} failed: ${stderr || error.message}`)) : resolve(JSON.parse(stdout.trim().split('\n').at(-1))));
});

/** The plain loop's images/s over `steps` batches of `batch` at 96 px (random data, after one warm-up step), and how long one epoch of `images` takes at that speed. */
export async function plainLoop(python, { steps, batch, images }) {
  const started = performance.now();
  const out = await run(python, [path.join(ROOT, 'scripts', 'bench', 'plain_torch_loop.py'), String(batch), String(steps)]);
  return {
    imagesPerSecond: Math.round(out.imagesPerSecond * 100) / 100, steps, batch, threads: out.threads,
    epochSeconds: Math.round((images / out.imagesPerSecond) * 10) / 10, images,
    wallSeconds: Math.round((performance.now() - started) / 100) / 10, load: os.loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

/** Best of `tries` readings of the training GFLOP/s of one 3×3 convolution, fp32 and bf16 (null where this torch has no CPU bf16). */
export async function convPeak(python, tries = 3) {
  const code = 'import json; from inception_torch.cpu_speed import conv_gflops; print(json.dumps(conv_gflops()))';
  const best = { fp32: 0, bf16: 0 };
  for (let i = 0; i < tries; i++) {
    const g = await run(python, ['-c', code], { PYTHONPATH: path.join(ROOT, 'assets', 'python') });
    best.fp32 = Math.max(best.fp32, g.fp32);
    best.bf16 = g.bf16 === null ? null : Math.max(best.bf16 ?? 0, g.bf16);
  }
  return { gflops: best, what: 'training (forward + both backward passes) of one 3×3, 64→64 convolution at 24×24, batch 32, channels_last; best of ' + tries };
}
