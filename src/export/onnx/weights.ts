import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { GraphDoc } from '../../graph/types';
import type { TorchModule } from '../../torch/codegen';
import { runWeightsAsTorch } from '../../torch/runWeights';
import type { StoredTensor } from '../../torch/safetensors';
import { tfjsToTorch, WeightsError, type TfjsWeights } from '../../torch/weights';

/** A tensor in PyTorch's (= ONNX's) layout: OIHW kernels, [out, in] Dense. */
export interface LayoutTensor { shape: number[]; data: Float32Array }

/** A design's weights by TF.js weight name (`conv1_conv/kernel`), each in PyTorch's layout. */
export type DesignWeights = ReadonlyMap<string, LayoutTensor>;

/** Where the weights of an export came from. */
export interface WeightsOrigin {
  weights: DesignWeights;
  /** False for the seeded initial weights of a design or of a run without a checkpoint. */
  trained: boolean;
  engine: 'torch' | 'tfjs' | null;
}

function byTfjsName(tensors: ReadonlyMap<string, StoredTensor>, module: TorchModule): DesignWeights {
  const out = new Map<string, LayoutTensor>();
  for (const m of module.tensors) {
    if (!m.tfjs) continue;
    const t = tensors.get(m.torch);
    if (!t) throw new WeightsError(`the weights have no ${m.torch} (for ${m.tfjs}); were they trained on another design?`);
    if (!(t.data instanceof Float32Array)) throw new WeightsError(`${m.torch} is ${t.dtype}; expected F32`);
    if (t.shape.join('×') !== m.shape.join('×')) {
      throw new WeightsError(`${m.torch} is ${t.shape.join('×')} in the weights but the design needs ${m.shape.join('×')}`);
    }
    out.set(m.tfjs, { shape: [...t.shape], data: t.data });
  }
  return out;
}

/**
 * The initial weights the TF.js engine gives a design for a seed (what training starts from). Loads
 * tfjs on first use: exporting trained weights needs none of it (the service runs in the app's main process).
 */
export async function seededWeights(graph: GraphDoc, module: TorchModule, seed = 0): Promise<DesignWeights> {
  const tf = await import('@tensorflow/tfjs');
  const { compileGraph } = await import('../../compile/compile');
  await tf.ready();
  const model = compileGraph(graph, { seed });
  try {
    const weights: TfjsWeights = new Map(
      model.weights.map((w) => {
        const value = w.read();
        return [w.originalName, { shape: [...value.shape], data: value.dataSync() as Float32Array }];
      }),
    );
    return byTfjsName(tfjsToTorch(weights, module.tensors), module);
  } finally {
    model.dispose();
  }
}

async function runSeed(runDir: string): Promise<number> {
  const file = path.join(runDir, 'config.json');
  if (!existsSync(file)) return 0;
  const seed = (JSON.parse(await readFile(file, 'utf8')) as { seed?: unknown }).seed;
  return typeof seed === 'number' ? seed : 0;
}

/**
 * A run's weights whichever engine trained it (TF.js weights converted to PyTorch's layout); a run
 * with no checkpoint yet gets the initial weights of its seed. A PyTorch run that has only a
 * `checkpoint.pt` (it never finished) needs Python to read it.
 */
export async function runWeights(runDir: string, graph: GraphDoc, module: TorchModule, python?: string): Promise<WeightsOrigin> {
  const found = await runWeightsAsTorch(runDir, module, python);
  if (found) return { weights: byTfjsName(found.tensors, module), trained: true, engine: found.engine };
  return { weights: await seededWeights(graph, module, await runSeed(runDir)), trained: false, engine: null };
}

/** A design's seeded initial weights (seed 0, as `compileGraph(graph)` gives them). */
export async function designWeights(graph: GraphDoc, module: TorchModule): Promise<WeightsOrigin> {
  return { weights: await seededWeights(graph, module), trained: false, engine: null };
}
