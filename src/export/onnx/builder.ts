import { attribute, floatTensor, int64Tensor, type AttributeValue, type OnnxTypes } from './proto';

/**
 * Collects the nodes and initializers of one ONNX graph. Tensor names are the primitive node ids
 * they come from (`inception3a_b2_conv`), weights `<id>.<role>` (`conv1_conv.weight`).
 */
export class OnnxGraphBuilder {
  readonly nodes: OnnxTypes.INodeProto[] = [];
  readonly initializers: OnnxTypes.ITensorProto[] = [];
  private readonly names = new Set<string>();

  /** Adds an operator whose output is named after `output` (made unique); returns that name. */
  node(opType: string, inputs: readonly string[], output: string, attributes: Record<string, AttributeValue> = {}): string {
    return this.nodeWithOutput(opType, inputs, this.unique(output), attributes);
  }

  /** Adds an operator whose output takes exactly a name `reserve` returned (a graph output). */
  nodeWithOutput(opType: string, inputs: readonly string[], name: string, attributes: Record<string, AttributeValue> = {}): string {
    this.nodes.push({
      opType,
      name,
      input: [...inputs],
      output: [name],
      attribute: Object.entries(attributes).map(([key, value]) => attribute(key, value)),
    });
    return name;
  }

  /** Adds a float32 constant; returns its name. */
  floats(name: string, dims: readonly number[], values: Float32Array): string {
    const unique = this.unique(name);
    this.initializers.push(floatTensor(unique, dims, values));
    return unique;
  }

  /** Adds an int64 constant vector; returns its name. */
  int64s(name: string, values: readonly number[]): string {
    const unique = this.unique(name);
    this.initializers.push(int64Tensor(unique, values));
    return unique;
  }

  /** Reserves a name for the graph's input or output, before any node could take it. */
  reserve(name: string): string {
    return this.unique(name);
  }

  private unique(name: string): string {
    let candidate = name;
    for (let i = 2; this.names.has(candidate); i++) candidate = `${name}_${i}`;
    this.names.add(candidate);
    return candidate;
  }
}
