// Training speed of the inception-v3 preset (299×299×3, 1,000 classes) on the PyTorch engine, printed as JSON.
//   node scripts/bench-inception-v3-torch.mjs [--batch 8] [--steps 6] [--warmup 2] [--threads N]
// One run of the engine on synthetic images (no decoding: the network alone), in the engine's default CPU/GPU
// settings; images/s over the steps after the warm-up, from the time between the runner's batch events.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { bundleSources, ROOT } from './bench/bundleSources.mjs';

const { values } = parseArgs({ options: { batch: { type: 'string', default: '8' }, steps: { type: 'string', default: '6' }, warmup: { type: 'string', default: '2' }, threads: { type: 'string' } } });
const [batch, steps, warmup] = [Number(values.batch), Number(values.steps), Number(values.warmup)];
process.env.INCEPTION_PYTHON_ASSETS ??= path.join(ROOT, 'assets', 'python');
const bundle = await bundleSources({ runner: 'src/torch/runner.ts', presets: 'src/graph/presets.ts' });
const work = await mkdtemp(path.join(os.tmpdir(), 'bench-inception-v3-'));
try {
  const { startTorchRun } = await bundle.load('runner');
  const { loadPreset } = await bundle.load('presets');
  const times = [];
  let backend = '';
  const run = await startTorchRun({
    runDir: path.join(work, 'run'), graph: loadPreset('inception-v3'),
    config: {
      data: { dir: work, validationFraction: 0 }, epochs: 1, batchSize: batch, seed: 1,
      augment: { cropPadding: 0, flip: false, rotation: 0, scale: 0, colorJitter: 0 },
      torch: { workers: 0, synthetic: { images: batch * (steps + warmup), classes: 1000 }, ...(values.threads && { threads: Number(values.threads) }) },
    },
    onEvent: (e) => {
      if (e.type === 'start') backend = e.backend;
      if (e.type === 'batch') times.push(performance.now() / 1000);
    },
  });
  const result = await run.finished;
  if (result.status !== 'completed') throw new Error(`the run ${result.status}: ${result.stderr}`);
  const measured = times.slice(warmup - 1);
  const seconds = measured.at(-1) - measured[0];
  console.log(JSON.stringify({
    preset: 'inception-v3', input: '299×299×3', batch, steps: measured.length - 1, warmup, backend,
    imagesPerSecond: Number(((batch * (measured.length - 1)) / seconds).toFixed(2)),
    secondsPerStep: Number((seconds / (measured.length - 1)).toFixed(2)),
    cpus: os.cpus().length, cpu: os.cpus()[0].model, loadAverage: os.loadavg().map((l) => Number(l.toFixed(1))),
  }));
} finally {
  await rm(work, { recursive: true, force: true });
  await bundle.cleanup();
}
