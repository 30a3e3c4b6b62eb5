import path from 'node:path';
import { DesignBuilder, ShapeError } from '../design';
import { ImportError, UnsupportedOperatorsError } from '../errors';
import { Attributes } from './attributes';
import { Refusal, type OpContext, type Value } from './context';
import { attentionPreface } from './attention';
import { fuseOnnx } from './fusions';
import { ONNX_OPERATORS } from './operators';
import { toNumber, type OnnxTypes } from './proto';
import type { OnnxModel } from './readModel';
import { groupRefusal } from './spatialOps';
import { checkedSize, readTensor } from './tensors';
import { ONNX_LIMITS } from './limits';
import { isGeneratedName } from '../moduleName';
import { recogniseBlocks, type Recognised } from '../blocks/recogniseBlocks';
import { hasFoldedBatchNorm } from './foldedBatchNorm';

export interface MappedOnnx {
  design: DesignBuilder;
  inputId: string;
  outputId: string;
  /** Where the input size came from: the file, or the caller's choice (symbolic dims). */
  sizeFrom: 'file' | 'option' | 'default';
  /** The exporter folded the BatchNorms into the convolutions (`hasFoldedBatchNorm`). */
  foldedBatchNorm: boolean;
  /** The blocks the design was given where the file holds exactly their layers. */
  recognised: Recognised;
}

const DEFAULT_SIZE = 224;

function inputNode(model: OnnxModel, design: DesignBuilder, size: [number, number] | undefined): { id: string; name: string; sizeFrom: MappedOnnx['sizeFrom'] } {
  const initializers = new Set((model.graph.initializer ?? []).map((t) => t.name));
  const inputs = (model.graph.input ?? []).filter((v) => !initializers.has(v.name));
  if (inputs.length !== 1) throw new ImportError(`expected one image input; the model has ${inputs.length} (${inputs.map((v) => v.name).join(', ')})`);
  const dims = (inputs[0].type?.tensorType?.shape?.dim ?? []).map((d) => (d.dimValue !== null && d.dimValue !== undefined && toNumber(d.dimValue) > 0 ? toNumber(d.dimValue) : null));
  if (dims.length !== 4) throw new ImportError(`input "${inputs[0].name}" has ${dims.length} dimensions; expected N×C×H×W`);
  const [, channels, h, w] = dims;
  if (channels === null || channels < 1 || channels > 4) throw new ImportError(`input "${inputs[0].name}" has ${channels ?? 'symbolic'} channels; 1 to 4 are supported`);
  let sizeFrom: MappedOnnx['sizeFrom'] = 'file';
  let height = h;
  let width = w;
  if (height === null || width === null) {
    sizeFrom = size ? 'option' : 'default';
    [height, width] = size ?? [DEFAULT_SIZE, DEFAULT_SIZE];
  } else if (size && (size[0] !== height || size[1] !== width)) {
    throw new ImportError(`the model's input is fixed at ${height}×${width}; the size asked for, ${size.join('×')}, differs (leave the size out)`);
  }
  checkedSize([channels, height, width], `input "${inputs[0].name}"`);
  const id = design.uniqueId('input');
  try {
    design.add(id, 'Input', { height, width, channels }, []);
  } catch (error) {
    throw new ImportError(`input "${inputs[0].name}" (${channels}×${height}×${width}): ${(error as Error).message}`);
  }
  return { id, name: inputs[0].name ?? '', sizeFrom };
}

/** Why a node refuses whatever its inputs are, or null: a grouped Conv whose group does not divide its output channels. */
function standaloneRefusal(node: OnnxTypes.INodeProto, values: ReadonlyMap<string, Value>): string | null {
  if (node.opType !== 'Conv') return null;
  const group = new Attributes(node, node.name ?? '').int('group', 1);
  const kernel = values.get((node.input ?? [])[1] ?? '');
  const filters = kernel?.type === 'const' ? kernel.tensor.dims[0] : undefined;
  return filters !== undefined && filters % group !== 0 ? groupRefusal(group, filters) : null;
}

/** Maps every node, collecting every refusal; throws `UnsupportedOperatorsError` when any node does not map. */
export function mapOnnx(model: OnnxModel, file: string, options: { size?: [number, number] } = {}): MappedOnnx {
  const modelDir = path.dirname(path.resolve(file));
  const design = new DesignBuilder();
  const values = new Map<string, Value>();
  const refused = new Set<string>();
  let totalElements = 0;
  for (const t of model.graph.initializer ?? []) {
    const tensor = readTensor(t, modelDir, `initializer "${t.name}"`);
    totalElements += tensor.dims.reduce((a, d) => a * d, 1);
    if (totalElements > ONNX_LIMITS.maxTotalElements) throw new ImportError(`the initializers hold more than ${ONNX_LIMITS.maxTotalElements} values; refused`);
    values.set(t.name ?? '', { type: 'const', tensor });
  }
  const input = inputNode(model, design, options.size);
  values.set(input.name, { type: 'node', id: input.id, shape: design.shapeOf(input.id) });

  const graphOutputs = (model.graph.output ?? []).map((o) => o.name ?? '');
  const readers = new Map<string, number>();
  const nodes = fuseOnnx(model.nodes, model.graph.initializer ?? [], modelDir);
  for (const n of nodes) for (const x of n.input ?? []) readers.set(x, (readers.get(x) ?? 0) + 1);
  for (const o of graphOutputs) readers.set(o, (readers.get(o) ?? 0) + 1);
  const readerOps = new Map<string, string[]>();
  for (const n of nodes) for (const x of n.input ?? []) readerOps.set(x, [...(readerOps.get(x) ?? []), n.opType ?? '']);
  const initializerNames = new Set((model.graph.initializer ?? []).map((t) => t.name ?? ''));

  const refusals: { op: string; node: string; reason: string }[] = [];
  for (const [index, node] of nodes.entries()) {
    const op = node.opType ?? '';
    const label = node.name || `${op}_${index}`;
    const inputs = node.input ?? [];
    const handler = ONNX_OPERATORS[op];
    if (inputs.some((x) => refused.has(x))) {
      // Its inputs could not be mapped; still name it when it could not map on its own either.
      const reason = handler ? standaloneRefusal(node, values) : 'no mapping for this operator';
      if (reason) refusals.push({ op, node: label, reason });
      (node.output ?? []).forEach((o) => refused.add(o));
      continue;
    }
    try {
      if (node.domain && node.domain !== 'ai.onnx') throw new Refusal(`operator domain "${node.domain}" is not ONNX's`);
      if (!handler) throw new Refusal('no mapping for this operator');
      handler(context(node, label));
    } catch (error) {
      if (!(error instanceof Refusal || error instanceof ShapeError || error instanceof ImportError)) throw error;
      refusals.push({ op, node: label, reason: error.message });
      (node.output ?? []).forEach((o) => refused.add(o));
    }
  }
  if (refusals.length) throw new UnsupportedOperatorsError(refusals, attentionPreface(model));
  if (graphOutputs.length !== 1) throw new ImportError(`expected one output (class scores); the model has ${graphOutputs.length}`);
  const out = values.get(graphOutputs[0]);
  if (out?.type !== 'node') throw new ImportError(`output "${graphOutputs[0]}" is not computed from the input`);
  if (out.shape.length !== 1) throw new ImportError(`output "${graphOutputs[0]}" is ${out.shape.join('×')} per image; expected flat class scores`);
  design.prune(out.id);
  const foldedBatchNorm = hasFoldedBatchNorm(model);
  const recognised = recogniseBlocks(design, { foldedBatchNorm });
  return { design, inputId: input.id, outputId: out.id, sizeFrom: input.sizeFrom, foldedBatchNorm, recognised };

  function context(node: OnnxTypes.INodeProto, label: string): OpContext {
    const inputs = node.input ?? [];
    const ctx: OpContext = {
      node,
      attrs: new Attributes(node, `${node.opType} "${label}"`),
      design,
      modelDir,
      input: (i) => (inputs[i] ? values.get(inputs[i]) ?? null : null),
      nodeInput: (i) => {
        const v = ctx.input(i);
        if (v?.type === 'padded') throw new Refusal(`input ${i} ("${inputs[i] ?? ''}") is a Pad, which maps only as the padding of a MaxPool or AveragePool`);
        if (v?.type !== 'node') throw new Refusal(`input ${i} ("${inputs[i] ?? ''}") must come from the network, not a constant`);
        if (v.shuffle) throw new Refusal(`input ${i} ("${inputs[i] ?? ''}") is a channel grouping [N, g, C/g, H, W], which maps only into a channel shuffle's Transpose and Reshape`);
        if (v.channelsLast) throw new Refusal(`input ${i} ("${inputs[i] ?? ''}") is permuted channels-last, which maps only into LayerNormalization, MatMul (with its bias Add), GELU and the Transpose back`);
        return { id: v.id, shape: v.shape };
      },
      anyLayoutInput: (i) => {
        const v = ctx.input(i);
        if (v?.type !== 'node' || v.shuffle) return { ...ctx.nodeInput(i), channelsLast: false };
        return { id: v.id, shape: v.shape, channelsLast: Boolean(v.channelsLast) };
      },
      constInput: (i) => {
        const v = ctx.input(i);
        if (v?.type !== 'const') throw new Refusal(`input ${i} ("${inputs[i] ?? ''}") must be a constant (weights, shape)`);
        return v.tensor;
      },
      inputName: (i) => (initializerNames.has(inputs[i] ?? '') && !isGeneratedName(inputs[i]) ? inputs[i] : ''),
      setOutput: (i, value) => {
        const name = (node.output ?? [])[i];
        if (name) values.set(name, value);
      },
      readersOf: (i) => readers.get((node.output ?? [])[i] ?? '') ?? 0,
      readerOps: (i) => readerOps.get((node.output ?? [])[i] ?? '') ?? [],
    };
    return ctx;
  }
}
