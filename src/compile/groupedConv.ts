import * as tf from '@tensorflow/tfjs';
import type { GroupedConvOptions } from '../layers/define';

export type GroupedConvConfig = Omit<GroupedConvOptions, 'seed'> & { seed?: number };

/**
 * PyTorch's `nn.Conv2d(groups=g)` over NHWC tensors, which tfjs-layers lacks: the input's channels in g
 * consecutive parts, each convolved with its own filters/g filters, the results concatenated. One kernel
 * [kh, kw, in/g, filters] (output channel o reads group ⌊o·g/filters⌋) and one bias, as PyTorch holds them.
 * With one input channel per group it is a depthwise convolution, computed as one.
 */
export class GroupedConv2D extends tf.layers.Layer {
  static readonly className = 'GroupedConv2D';
  private readonly conv: GroupedConvConfig;
  private kernel: tf.LayerVariable | null = null;
  private bias: tf.LayerVariable | null = null;

  constructor(config: GroupedConvConfig & { name?: string; trainable?: boolean }) {
    super({ name: config.name, trainable: config.trainable });
    this.conv = {
      filters: config.filters,
      kernel: config.kernel,
      stride: config.stride,
      dilation: config.dilation,
      padding: config.padding,
      groups: config.groups,
      useBias: config.useBias,
      seed: config.seed,
    };
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const channels = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape)[3] as number;
    const { kernel, groups, filters, seed } = this.conv;
    this.kernel = this.addWeight('kernel', [kernel[0], kernel[1], channels / groups, filters], 'float32', tf.initializers.glorotUniform({ seed }));
    if (this.conv.useBias) this.bias = this.addWeight('bias', [filters], 'float32', tf.initializers.zeros());
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const [n, h, w] = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const out = (len: number | null, i: 0 | 1) => {
      if (len === null) return null;
      const span = this.conv.dilation[i] * (this.conv.kernel[i] - 1) + 1;
      return this.conv.padding === 'same' ? Math.ceil(len / this.conv.stride[i]) : Math.floor((len - span) / this.conv.stride[i]) + 1;
    };
    return [n, out(h, 0), out(w, 1), this.conv.filters];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
      const { groups, filters, stride, dilation, padding } = this.conv;
      const kernel = this.kernel!.read() as tf.Tensor4D;
      const [kh, kw, perGroup] = kernel.shape;
      let y: tf.Tensor4D;
      if (perGroup === 1) {
        // Output channel c·m + j reads input channel c: the kernel's [.., 1, C·m] is depthwise's [.., C, m].
        y = tf.depthwiseConv2d(x, tf.reshape(kernel, [kh, kw, groups, filters / groups]), stride, padding, 'NHWC', dilation);
      } else {
        const parts = tf.split(x, groups, 3);
        const kernels = tf.split(kernel, groups, 3);
        y = tf.concat(parts.map((part, i) => tf.conv2d(part as tf.Tensor4D, kernels[i] as tf.Tensor4D, stride, padding, 'NHWC', dilation)), 3);
      }
      return this.bias ? tf.add(y, this.bias.read()) : y;
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    const { seed: _seed, ...conv } = this.conv;
    return { ...super.getConfig(), ...conv };
  }
}

tf.serialization.registerClass(GroupedConv2D);
