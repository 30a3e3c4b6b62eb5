/**
 * The PyTorch side of a layer declaration: the Python text of its module or inline expression and
 * the weight tensors it holds. Only strings and data; the code generator in `src/torch` reads them.
 */
import type { Shape } from '../shapeMath/shape';
import type { ParamSpecs, ParamValues } from './params';

/**
 * How TF.js lays out a weight that PyTorch holds: the TF.js tensor is PyTorch's data viewed with the
 * dimensions `view` gives (row-major, same order of elements), its axes then taken in `order`.
 * @example // Conv kernels: PyTorch OIHW, TF.js HWIO
 * { name: 'conv', order: [2, 3, 1, 0] }
 */
export interface TensorLayout {
  /** A short name for messages and mappings: `conv`, `dense`, `vector`. */
  name: string;
  /** PyTorch's shape seen as other dimensions with the same elements; PyTorch's own shape when absent. */
  view?(torchShape: readonly number[]): number[];
  /** TF.js axis `i` is axis `order[i]` of the view. */
  order: readonly number[];
}

/** Conv kernels: PyTorch [out, in, kh, kw] (OIHW), TF.js [kh, kw, in, out] (HWIO). */
export const CONV_KERNEL: TensorLayout = { name: 'conv', order: [2, 3, 1, 0] };
/** Dense kernels: PyTorch [out, in], TF.js [in, out]. */
export const DENSE_KERNEL: TensorLayout = { name: 'dense', order: [1, 0] };
/** The same in both engines: biases, BatchNorm vectors. */
export const VECTOR: TensorLayout = { name: 'vector', order: [0] };
/** A PyTorch-only int64 scalar (`num_batches_tracked`), written as 0; TF.js has no counterpart. */
export const COUNTER: TensorLayout = { name: 'counter', order: [] };

/** One weight tensor of a primitive layer, named in both engines. */
export interface TorchTensor {
  /** The key under the layer's module in the `state_dict`: `weight`, `running_mean`. */
  torch: string;
  /** The TF.js weight name under the layer name: `kernel`, `moving_mean`; null for PyTorch-only tensors. */
  tfjs: string | null;
  layout: TensorLayout;
  /** Shape in PyTorch's layout. */
  shape: number[];
  /** False for statistics such as BatchNorm's moving averages; true when absent. */
  trainable?: boolean;
}

/** A primitive computed by a module that `__init__` creates (`self.conv1 = nn.Conv2d(…)`). */
export interface TorchModuleSide<V> {
  /** The module's constructor expression for these input shapes: `nn.Conv2d(3, 64, 7, stride=2)`. */
  module(inputs: readonly Shape[], p: V): string;
  /** The weight tensors the module holds, in `state_dict` order; none when absent. */
  tensors?(inputs: readonly Shape[], p: V): TorchTensor[];
  /**
   * How `forward` calls the module (`self.norm`) on its input's expression, when not plainly `module(x)`:
   * a LayerNorm over channels permutes to channels-last around `nn.LayerNorm`.
   */
  call?(module: string, input: string, inputs: readonly Shape[]): string;
}

/** A primitive computed inline in `forward`, from the Python expressions of its inputs. */
export interface TorchInlineSide<V> {
  /** The expression, e.g. `torch.flatten(x, 1)` for the input `x`. */
  inline(args: readonly string[], p: V): string;
}

/** The design's input: the argument `x` of `forward`, no code of its own. */
export interface TorchForwardInput {
  forwardInput: true;
}

export type PrimitiveTorchSide<S extends ParamSpecs> = TorchModuleSide<ParamValues<S>> | TorchInlineSide<ParamValues<S>> | TorchForwardInput;

/** Python source a composite block's module needs, written once before `Net` in any design that uses it. */
export interface TorchHelper {
  /** The Python name it defines: `conv_relu`, `inception`. */
  name: string;
  code: string;
}

/** A composite block's module: one Python module (a helper's instance) holding all of its parts. */
export interface CompositeTorchSide<S extends ParamSpecs> {
  /** The constructor expression: `conv_relu(3, 64, 7, stride=2, padding=3)`. */
  module(inputs: readonly Shape[], p: ParamValues<S>): string;
  /** Definitions the expression may call; those of composite parts in the expansion are written before them. */
  helpers: readonly TorchHelper[];
  /** The names of the helpers these params call, when not all of them. */
  helpersUsed?(p: ParamValues<S>): readonly string[];
}
