import { readFile, stat } from 'node:fs/promises';
import { ImportError } from '../errors';
import { ONNX_LIMITS } from './limits';
import { onnx, toNumber, type OnnxTypes } from './proto';

/** The parts of a decoded ONNX model the importer reads, nodes in an order where inputs come first. */
export interface OnnxModel {
  graph: OnnxTypes.IGraphProto;
  nodes: OnnxTypes.INodeProto[];
  opset: number;
  producer: string;
}

/** Reads and decodes an ONNX file, refusing what is not ONNX, too large, or has a cycle. */
export async function readOnnxModel(file: string): Promise<OnnxModel> {
  const info = await stat(file).catch((error: Error) => {
    throw new ImportError(`cannot read ${file}: ${error.message}`);
  });
  if (!info.isFile()) throw new ImportError(`${file} is not a file`);
  if (info.size > ONNX_LIMITS.maxFileBytes) {
    throw new ImportError(`${file} is ${info.size} bytes; ONNX files of at most ${ONNX_LIMITS.maxFileBytes} bytes are accepted`);
  }
  return decodeOnnx(await readFile(file), file);
}

/** Decodes ONNX bytes; `file` names them in errors. */
export function decodeOnnx(bytes: Uint8Array, file: string): OnnxModel {
  let model: OnnxTypes.ModelProto;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (error) {
    throw new ImportError(`${file} is not an ONNX model (or is truncated): ${(error as Error).message}`);
  }
  const graph = model.graph;
  if (!graph || !graph.node?.length || toNumber(model.irVersion) < 1) {
    throw new ImportError(`${file} is not an ONNX model: expected a ModelProto with an IR version and a graph of nodes`);
  }
  const opsets = (model.opsetImport ?? []).filter((o) => !o.domain || o.domain === 'ai.onnx');
  const opset = opsets.length ? toNumber(opsets[0].version) : 0;
  if (opset < 9) throw new ImportError(`${file} uses ONNX opset ${opset || 'none'}; opset 9 or newer is supported`);
  if (graph.node.length > ONNX_LIMITS.maxNodes) {
    throw new ImportError(`${file} has ${graph.node.length} nodes; at most ${ONNX_LIMITS.maxNodes} are accepted`);
  }
  return { graph, nodes: topologicalNodes(graph, file), opset, producer: `${model.producerName ?? ''} ${model.producerVersion ?? ''}`.trim() };
}

/** The nodes ordered so every input is produced first; a cycle or an input nothing produces is an error. */
function topologicalNodes(graph: OnnxTypes.IGraphProto, file: string): OnnxTypes.INodeProto[] {
  const nodes = graph.node ?? [];
  const known = new Set<string>(['', ...(graph.input ?? []).map((v) => v.name ?? ''), ...(graph.initializer ?? []).map((t) => t.name ?? '')]);
  const producers = new Map<string, number>();
  nodes.forEach((n, i) => (n.output ?? []).forEach((o) => producers.set(o, i)));
  const waiting = nodes.map((n) => (n.input ?? []).filter((x) => !known.has(x)));
  const consumers = new Map<string, number[]>();
  waiting.forEach((inputs, i) => new Set(inputs).forEach((x) => consumers.set(x, [...(consumers.get(x) ?? []), i])));
  for (const [i, inputs] of waiting.entries()) {
    const missing = inputs.find((x) => !producers.has(x));
    if (missing !== undefined) throw new ImportError(`${file}: node "${nodes[i].name || i}" reads "${missing}", which no node, input or initializer produces`);
  }
  const remaining = waiting.map((inputs) => new Set(inputs).size);
  const ready = remaining.flatMap((count, i) => (count === 0 ? [i] : []));
  const order: OnnxTypes.INodeProto[] = [];
  const done = new Set<string>();
  while (ready.length) {
    const i = ready.shift()!;
    order.push(nodes[i]);
    for (const out of nodes[i].output ?? []) {
      if (done.has(out)) continue;
      done.add(out);
      for (const c of consumers.get(out) ?? []) if (--remaining[c] === 0) ready.push(c);
    }
  }
  if (order.length !== nodes.length) {
    const stuck = nodes.filter((_, i) => remaining[i] > 0).slice(0, 5).map((n) => `"${n.name || n.opType}"`);
    throw new ImportError(`${file}: the graph has a cycle (nodes ${stuck.join(', ')} wait on each other)`);
  }
  return order;
}
