import { readFile } from 'node:fs/promises';
import { GRAPH_OUTPUT } from '../../export/onnx';
import { onnx } from '../onnx/proto';

/**
 * How many float weights an ONNX file's nodes read from initializers, read with the plain protobuf classes.
 * Counted per use: torch.onnx.export stores identical tensors (zero biases, equal folded weights) once and lets
 * nodes share them, directly or through Identity nodes; a tensor read through an Identity counts for its reader.
 */
export async function fileWeights(file: string): Promise<number> {
  const model = onnx.ModelProto.decode(await readFile(file));
  const sizes = new Map((model.graph?.initializer ?? [])
    .filter((t) => t.dataType === onnx.TensorProto.DataType.FLOAT)
    .map((t) => [t.name ?? '', (t.dims ?? []).reduce((a: number, d) => a * Number(d), 1)]));
  const nodes = model.graph?.node ?? [];
  for (const n of nodes) if (n.opType === 'Identity' && sizes.has(n.input?.[0] ?? '')) sizes.set(n.output![0], sizes.get(n.input![0])!);
  return nodes.filter((n) => n.opType !== 'Identity').flatMap((n) => n.input ?? []).reduce((total, input) => total + (sizes.get(input) ?? 0), 0);
}

/**
 * Our writer's model with the final Softmax's input also given out, as `logits`: at random initialisation
 * mobilenet_v2's logits are about 1e-9, so its probabilities are 1/1000 to float precision and say nothing.
 */
export function withLogitsOutput(bytes: Uint8Array): Uint8Array {
  const model = onnx.ModelProto.decode(bytes);
  const softmax = model.graph!.node!.find((n) => n.output?.[0] === GRAPH_OUTPUT)!;
  model.graph!.node!.push({ opType: 'Identity', name: 'logits', input: [softmax.input![0]], output: ['logits'] });
  model.graph!.output!.push({ name: 'logits', type: { tensorType: { elemType: onnx.TensorProto.DataType.FLOAT } } });
  return onnx.ModelProto.encode(model).finish();
}
