import type { TfliteModel, TfliteOperator, TfliteOptions, TfliteQuantization, TfliteTensor } from './flatModel';
import { TensorType, type TensorTypeValue } from './schema';

/** A tensor of the graph being built: its index and shape (NHWC, or N×F once flat; batch 1). */
export interface TensorRef { index: number; shape: number[] }

const bytesOf = (values: Float32Array | Int32Array | Int8Array): Uint8Array => new Uint8Array(values.buffer, values.byteOffset, values.byteLength).slice();

/**
 * Collects the tensors, constant buffers and operators of one TFLite subgraph. Tensor names are the
 * primitive node ids they come from (`inception3a_b2_conv`), constants `<id>.<role>`.
 */
export class TfliteGraphBuilder {
  readonly tensors: TfliteTensor[] = [];
  readonly buffers: Uint8Array[] = [new Uint8Array(0)];
  readonly operators: TfliteOperator[] = [];
  private readonly names = new Set<string>();

  private unique(name: string): string {
    let candidate = name;
    for (let i = 1; this.names.has(candidate); i++) candidate = `${name}_${i}`;
    this.names.add(candidate);
    return candidate;
  }

  /** A tensor computed at run time. */
  activation(name: string, shape: readonly number[], type: TensorTypeValue = TensorType.FLOAT32, quantization?: TfliteQuantization): TensorRef {
    this.tensors.push({ name: this.unique(name), shape: [...shape], type, buffer: 0, quantization });
    return { index: this.tensors.length - 1, shape: [...shape] };
  }

  /** A constant tensor with its data in a buffer of its own. */
  constant(name: string, shape: readonly number[], values: Float32Array | Int32Array | Int8Array, quantization?: TfliteQuantization): TensorRef {
    const type = values instanceof Float32Array ? TensorType.FLOAT32 : values instanceof Int32Array ? TensorType.INT32 : TensorType.INT8;
    this.buffers.push(bytesOf(values));
    this.tensors.push({ name: this.unique(name), shape: [...shape], type, buffer: this.buffers.length - 1, quantization });
    return { index: this.tensors.length - 1, shape: [...shape] };
  }

  floats(name: string, shape: readonly number[], values: Float32Array | number[]): TensorRef {
    return this.constant(name, shape, values instanceof Float32Array ? values : Float32Array.from(values));
  }

  int32s(name: string, shape: readonly number[], values: number[]): TensorRef {
    return this.constant(name, shape, Int32Array.from(values));
  }

  /** Adds an operator with one float output of `shape` named `name`; returns that output. */
  op(op: number, inputs: readonly (TensorRef | null)[], name: string, shape: readonly number[], options?: TfliteOptions): TensorRef {
    const out = this.activation(name, shape);
    this.operators.push({ op, inputs: inputs.map((t) => (t ? t.index : -1)), outputs: [out.index], options });
    return out;
  }

  model(inputs: TensorRef[], outputs: TensorRef[], description: string, metadata: Record<string, string>): TfliteModel {
    return {
      description,
      tensors: this.tensors,
      buffers: this.buffers,
      operators: this.operators,
      inputs: inputs.map((t) => t.index),
      outputs: outputs.map((t) => t.index),
      metadata,
    };
  }
}
