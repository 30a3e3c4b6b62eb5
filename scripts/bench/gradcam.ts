// Entry bundled by scripts/bench-gradcam.mjs: Grad-CAM of googlenet-96 for one image in both engines.
import { initBackend } from '../../src/backend/select';
import { compileGraph } from '../../src/compile/compile';
import { mulberry32 } from '../../src/data';
import { loadPreset } from '../../src/graph/presets';
import { correlation } from '../../src/infer/correlation';
import { gradCam } from '../../src/infer/gradCam';
import { scoresModel } from '../../src/infer/gradCamRun';
import { expandGraph } from '../../src/shapes/expand';
import { gradCamNode } from '../../src/shapes/gradCamNodes';
import { detectTorch } from '../../src/torch/detect';
import { torchGradCam } from '../../src/torch/gradCam';
import { generateTorchModule } from '../../src/torch/codegen';
import { TorchGradCamWorker } from '../../src/torch/gradCamWorker';
import { tfjsToTorch } from '../../src/torch/weights';
import type { TfjsWeights } from '../../src/torch/weights';
import * as tf from '@tensorflow/tfjs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { fakeTfjsRun } from '../../src/export/testing/fakeRun';
import { createService } from '../../src/service/service';
import { classifierNode } from '../../src/shapes/classes';
import type { GraphDoc } from '../../src/graph/types';

const RUN_ID = '20260101-000000-googlenet-96';

/**
 * End to end through the service API, as the app asks: a run folder of googlenet-96 (seeded weights) and one
 * 96×96 PNG; each engine called `calls` times, cold (the first call starts the run's kept job process or
 * Python worker) and after the app's warm-up (the first user call apart from the next ones).
 */
async function throughService(graph: GraphDoc, jobScript: string, calls: number) {
  const workspace = await mkdtemp(path.join(os.tmpdir(), 'inception-bench-gradcam-ws-'));
  try {
    const runDir = path.join(workspace, 'runs', RUN_ID);
    await mkdir(runDir, { recursive: true });
    await fakeTfjsRun(graph, runDir);
    const head = graph.nodes.find((n) => n.id === classifierNode(graph))!;
    const classes = Array.from({ length: Number(head.params.units) }, (_, i) => `class${i}`);
    await writeFile(path.join(runDir, 'model', 'labels.json'), JSON.stringify(classes));
    await writeFile(path.join(runDir, 'model', 'preprocessing.json'), JSON.stringify({ height: 96, width: 96, channels: 3, resize: 'crop', mean: [0.5, 0.5, 0.5], std: [0.25, 0.25, 0.25] }));
    const rng = mulberry32(3);
    const image = path.join(workspace, 'image.png');
    await sharp(Buffer.from(Array.from({ length: 96 * 96 * 3 }, () => Math.floor(rng() * 256))), { raw: { width: 96, height: 96, channels: 3 } }).png().toFile(image);
    // Cold: the user's first call starts the run's worker. Warmed: the app warms it when the run is chosen
    // (api.warmGradCam), and the user's first call comes after. Each in a service of its own.
    const measure = async (warm: boolean) => {
      const api = createService({ host: 'browser', workspace, jobScript });
      const out: Record<string, { warmUpSeconds?: number; calls: number[] }> = {};
      try {
        for (const engine of ['tfjs', 'torch'] as const) {
          const entry: { warmUpSeconds?: number; calls: number[] } = { calls: [] };
          if (warm) {
            const t = performance.now();
            await api.warmGradCam(RUN_ID, { engine });
            entry.warmUpSeconds = (performance.now() - t) / 1000;
          }
          for (let i = 0; i < calls; i++) {
            const t = performance.now();
            await api.gradCam(RUN_ID, image, { engine });
            entry.calls.push((performance.now() - t) / 1000);
          }
          out[engine] = entry;
        }
      } finally {
        await api.shutdown();
      }
      return out;
    };
    const cold = await measure(false);
    const warmed = await measure(true);
    const engine = (name: 'tfjs' | 'torch') => ({
      cold: { firstCallSeconds: cold[name].calls[0], laterCallSeconds: cold[name].calls.slice(1) },
      warmed: { warmUpSeconds: warmed[name].warmUpSeconds, firstUserCallSeconds: warmed[name].calls[0], laterCallSeconds: warmed[name].calls.slice(1) },
    });
    return {
      what: 'api.gradCam(run, image, { engine }): image decoded, map computed, overlay PNG drawn. cold: the first call starts the run\'s kept worker (TF.js: a job process; PyTorch: a Python worker) and primes it; warmed: api.warmGradCam did that first (as the app does when a run is chosen in Try it or its Results open), then the user\'s calls',
      tfjs: engine('tfjs'),
      torch: engine('torch'),
    };
  } finally {
    await rm(workspace, { recursive: true, force: true });
  }
}

export async function benchGradCam(repeats: number, jobScript: string) {
  const backend = await initBackend();
  const graph = loadPreset('googlenet-96');
  const seeded = compileGraph(graph, { seed: 1, layers: 'stock' });
  const weights: TfjsWeights = new Map(seeded.weights.map((w) => [w.originalName, { shape: w.shape as number[], data: w.read().dataSync() as Float32Array }]));
  seeded.dispose();
  const rng = mulberry32(2);
  const pixels = Float32Array.from({ length: 96 * 96 * 3 }, () => rng() * 2 - 1);
  const node = gradCamNode(graph);
  const now = () => performance.now() / 1000;

  let t = now();
  const model = scoresModel(graph, weights);
  const buildSeconds = now() - t;
  const x = tf.tensor4d(pixels, [1, 96, 96, 3]);
  const tfjsSeconds: number[] = [];
  let js = gradCam(model, x, expandGraph(graph).outputOf.get(node)!);
  for (let i = 0; i < repeats; i++) {
    t = now();
    js = gradCam(model, x, expandGraph(graph).outputOf.get(node)!);
    tfjsSeconds.push(now() - t);
  }
  x.dispose();
  model.dispose();

  const torch = await detectTorch();
  const torchResult: Record<string, unknown> = { available: torch.available, reason: torch.reason };
  if (torch.available) {
    const wall: number[] = [];
    const compute: number[] = [];
    let py = null;
    for (let i = 0; i < repeats; i++) {
      t = now();
      py = await torchGradCam(graph, weights, pixels, node, { python: torch.python! });
      wall.push(now() - t);
      compute.push(py.seconds);
    }
    Object.assign(torchResult, { wholeCallSeconds: wall, forwardBackwardSeconds: compute, correlationWithTfjs: correlation(js.map, py!.map) });
    // The worker alone: its start once, then requests (wall time in Node, and the pass as Python measures it).
    const module = generateTorchModule(graph);
    t = now();
    const worker = await TorchGradCamWorker.start(torch.python!, module, tfjsToTorch(weights, module.tensors));
    const workerStart = now() - t;
    const requests: number[] = [];
    const passes: number[] = [];
    for (let i = 0; i < repeats; i++) {
      t = now();
      passes.push((await worker.gradCam(pixels, node)).seconds);
      requests.push(now() - t);
    }
    await worker.close();
    Object.assign(torchResult, { worker: { startSeconds: workerStart, requestSeconds: requests, forwardBackwardSeconds: passes } });
  }
  const service = torch.available ? await throughService(graph, jobScript, repeats) : { skipped: 'no torch' };
  return {
    design: 'googlenet-96 (96×96×3), one image, seeded random weights',
    service,
    node,
    map: `${js.height}×${js.width}`,
    tfjs: { backend: backend.name, modelBuildSeconds: buildSeconds, gradCamSeconds: tfjsSeconds, firstCallExcluded: true },
    torch: torchResult,
  };
}
