import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend/select';
import { compileGraph } from '../compile/compile';
import { mulberry32 } from '../data';
import { loadPreset } from '../graph/presets';
import type { GraphDoc } from '../graph/types';
import { gradCamNode, spatialNodes } from '../shapes/gradCamNodes';
import { torchInstalled } from '../testing/installs';
import { needs } from '../testing/requirements';
import { detectTorch } from '../torch/detect';
import { generateTorchModule } from '../torch/codegen';
import { torchGradCam } from '../torch/gradCam';
import { TorchGradCamWorker } from '../torch/gradCamWorker';
import { graphOf, zooGraph } from '../torch/testing/graphs';
import { tfjsToTorch, type TfjsWeights } from '../torch/weights';
import { correlation } from './correlation';
import { gradCam } from './gradCam';
import { tfjsGradCam } from './gradCamRun';
import { withRandomHead } from './randomHead';

const torch = await detectTorch();

beforeAll(async () => {
  await initBackend('wasm');
});

/** Every weight of the design, seeded; BatchNorm statistics and affine drawn away from the identity. */
function seededWeights(graph: GraphDoc, seed: number): TfjsWeights {
  // The design's own weights (the training layers'): a stock model splits grouped and dilated depthwise kernels.
  const model = compileGraph(graph, { seed });
  const rng = mulberry32(seed);
  const uniform = (n: number, lo: number, hi: number) => Float32Array.from({ length: n }, () => lo + (hi - lo) * rng());
  const weights: TfjsWeights = new Map(model.weights.map((w) => {
    const n = w.shape.reduce((a: number, b) => a * (b as number), 1);
    const name = w.originalName;
    const data = /moving_variance|gamma/.test(name) ? uniform(n, 0.5, 1.5)
      : /moving_mean|beta|bias/.test(name) ? uniform(n, -0.2, 0.2)
      : (w.read().dataSync() as Float32Array).slice();
    return [name, { shape: w.shape as number[], data }];
  }));
  model.dispose();
  return weights;
}

/** The every-kind design with each dilation 1 (TF.js takes no gradient through a dilated convolution). */
function undilatedZoo(): GraphDoc {
  const graph = zooGraph();
  return {
    ...graph,
    nodes: graph.nodes.map((n) => {
      const { dilation, kernel, padding } = n.params;
      if (dilation === undefined) return n;
      // A numeric window keeps its output size (the zoo's `dil` meets an Add): the padding shrinks with the kernel's reach.
      const keep = typeof dilation === 'number' && typeof kernel === 'number' && typeof padding === 'number';
      return { ...n, params: { ...n.params, dilation: 1, ...(keep ? { padding: padding - ((dilation - 1) * (kernel - 1)) / 2 } : {}) } };
    }),
  };
}

/** A smooth image with a bright blob, H×W×C. */
function blobImage(h: number, w: number, c: number, seed: number): Float32Array {
  const rng = mulberry32(seed);
  const [cy, cx] = [h * (0.25 + 0.5 * rng()), w * (0.25 + 0.5 * rng())];
  const out = new Float32Array(h * w * c);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) for (let k = 0; k < c; k++) {
    out[(y * w + x) * c + k] = Math.exp(-((y - cy) ** 2 + (x - cx) ** 2) / (0.05 * h * w)) * (1 + 0.3 * k) + 0.1 * rng() - 0.5;
  }
  return out;
}

const specOf = (graph: GraphDoc) => {
  const input = graph.nodes.find((n) => n.kind === 'Input')!.params as { height: number; width: number; channels: 1 | 3 | 4 };
  return { height: input.height, width: input.width, channels: input.channels, resize: 'stretch' as const, mean: [], std: [] };
};

describe('Grad-CAM in the TF.js engine', () => {
  it('is ReLU(Σ_k W[k,c] A_k / HW) for conv → global average pool → dense, by hand', () => {
    const graph = graphOf('cam by hand', [
      ['input', 'Input', { height: 6, width: 5, channels: 2 }, []],
      ['conv', 'Conv2D', { filters: 3, kernel: 3, padding: 1 }, ['input']],
      ['gap', 'GlobalAvgPool', {}, ['conv']],
      ['fc', 'Dense', { units: 4 }, ['gap']],
    ]);
    const model = compileGraph(graph, { seed: 2, logits: true, layers: 'stock' });
    const x = tf.tensor4d(blobImage(6, 5, 2, 1), [1, 6, 5, 2]);
    const features = tf.model({ inputs: model.inputs, outputs: model.getLayer('conv').output as tf.SymbolicTensor }).predict(x) as tf.Tensor;
    const a = features.dataSync();
    const kernel = model.getLayer('fc').getWeights()[0].dataSync(); // [3, 4]
    for (const c of [0, 3]) {
      const cam = gradCam(model, x, 'conv', c);
      expect([cam.height, cam.width, cam.classIndex]).toEqual([6, 5, c]);
      const expected = Array.from({ length: 30 }, (_, p) => Math.max(0, [0, 1, 2].reduce((s, k) => s + (kernel[k * 4 + c] * a[p * 3 + k]) / 30, 0)));
      cam.map.forEach((v, p) => expect(v, `position ${p}`).toBeCloseTo(expected[p], 5));
    }
    const predicted = gradCam(model, x, 'conv');
    expect(predicted.classIndex).toBe(predicted.probabilities.indexOf(Math.max(...predicted.probabilities)));
    tf.dispose([x, features]);
    model.dispose();
  });

  it('looks at the last feature map by default and refuses nodes without one, naming them', () => {
    const graph = loadPreset('googlenet-96');
    expect(gradCamNode(graph)).toBe('inception5b');
    expect(spatialNodes(graph)).toContain('conv1');
    expect(() => gradCamNode(graph, 'fc')).toThrow(/Grad-CAM node fc: expected a C×H×W output, found 10; nodes with a feature map: .*inception5b/);
    expect(() => gradCamNode(graph, 'nope')).toThrow(/expected a node of the design, found "nope"/);
  });
});

describe.runIf(needs(torchInstalled(torch)))('Grad-CAM in both engines from the same weights', () => {
  const cases: [string, () => GraphDoc, string[]][] = [
    // A hook on a module (inception5b, inc, blk, v3e), and an inline node (Add `res`) read from forward's line. (TF.js
    // has no gradient for dilated convolutions: the zoo's dilations are made 1, so every node can be asked.)
    ['googlenet-96', () => loadPreset('googlenet-96'), ['inception5b', 'inception4e']],
    ['zoo, undilated', undilatedZoo, ['inc', 'res', 'blk', 'v3e']],
  ];
  for (const [name, design, nodes] of cases) {
    it(`${name}: the two maps agree (correlation ≥ 0.99) at ${nodes.join(', ')}`, async () => {
      const graph = design();
      const weights = seededWeights(graph, 7);
      const spec = specOf(graph);
      const pixels = blobImage(spec.height, spec.width, spec.channels, 3);
      const classes = graph.nodes.find((n) => n.kind === 'Dense' && n.id === 'fc')!.params.units as number;
      // One Python process answers every node (the app's worker; it answers as the one-shot tool does,
      // src/service/torchGradCams.test.ts): starting Python and importing torch once, not once per node.
      const module = generateTorchModule(graph);
      const worker = await TorchGradCamWorker.start(torch.python!, module, tfjsToTorch(weights, module.tensors));
      try {
        for (const [i, node] of nodes.entries()) {
          // The predicted class first; where ReLU leaves that map all zero, the first class whose map is not.
          const tries = [i === 0 ? undefined : 1, ...Array.from({ length: classes }, (_, c) => c)];
          let classIndex = tries[0];
          let js = tfjsGradCam(graph, weights, pixels, spec, node, classIndex);
          for (const c of tries.slice(1)) {
            if (Math.max(...js.map) > 0) break;
            classIndex = c;
            js = tfjsGradCam(graph, weights, pixels, spec, node, c);
          }
          const py = await worker.gradCam(pixels, node, classIndex);
          expect([py.height, py.width, py.classIndex]).toEqual([js.height, js.width, js.classIndex]);
          expect(Math.max(...js.map), `${node}: a map that is not all zero`).toBeGreaterThan(0);
          expect(correlation(js.map, py.map), `${node}`).toBeGreaterThanOrEqual(0.99);
        }
      } finally {
        await worker.close();
      }
    }, 300_000);
  }

  it('changes when the classifier is randomised (the sanity check), in both engines alike', async () => {
    const graph = loadPreset('googlenet-96');
    const weights = seededWeights(graph, 7);
    const spec = specOf(graph);
    const pixels = blobImage(spec.height, spec.width, spec.channels, 5);
    const trained = tfjsGradCam(graph, weights, pixels, spec, 'inception4e', 2);
    const random = withRandomHead(graph, weights);
    expect(random.get('fc/kernel')!.data).not.toEqual(weights.get('fc/kernel')!.data);
    expect(random.get('inception5b_b1_conv/kernel')).toBe(weights.get('inception5b_b1_conv/kernel'));
    const randomised = tfjsGradCam(graph, random, pixels, spec, 'inception4e', 2);
    const r = correlation(trained.map, randomised.map);
    if (process.env.INCEPTION_TEST_VERBOSE) console.log(`correlation of the map with and without a random head: ${r.toFixed(3)}`);
    expect(r).toBeLessThan(0.9);
    const py = await torchGradCam(graph, random, pixels, 'inception4e', { classIndex: 2, python: torch.python! });
    expect(correlation(py.map, randomised.map)).toBeGreaterThanOrEqual(0.99);
  }, 300_000);
});
