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
import type { TfjsWeights } from '../../src/torch/weights';
import * as tf from '@tensorflow/tfjs';

export async function benchGradCam(repeats: number) {
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
  }
  return {
    design: 'googlenet-96 (96×96×3), one image, seeded random weights',
    node,
    map: `${js.height}×${js.width}`,
    tfjs: { backend: backend.name, modelBuildSeconds: buildSeconds, gradCamSeconds: tfjsSeconds, firstCallExcluded: true },
    torch: torchResult,
  };
}
