import * as tf from '@tensorflow/tfjs';

type DepthwiseArgs = Parameters<typeof tf.layers.depthwiseConv2d>[0];

/** The fields of tfjs-layers' DepthwiseConv2D that `call` reads (protected there). */
interface DepthwiseFields {
  depthwiseKernel: tf.LayerVariable;
  bias: tf.LayerVariable | null;
  strides: number[];
  padding: string;
  dilationRate: number[];
}

/** tfjs-layers' DepthwiseConv2D class (only its factory is exported). */
const StockDepthwiseConv2D = tf.layers.depthwiseConv2d({ kernelSize: 1 }).constructor as new (args: DepthwiseArgs) => ReturnType<typeof tf.layers.depthwiseConv2d>;

/**
 * tf.layers.depthwiseConv2d with its dilation applied: tfjs-layers 4.x's DepthwiseConv2D keeps `dilationRate` in
 * its config and output shape but calls the op without it (convolutional_depthwise.js passes `null`), so a
 * dilated depthwise convolution computes an undilated one. Same weights (`depthwise_kernel`, `bias`) and config.
 */
export class DilatedDepthwiseConv2D extends StockDepthwiseConv2D {
  static readonly className = 'DilatedDepthwiseConv2D';

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const f = this as unknown as DepthwiseFields;
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
      const pad = f.padding === 'same' ? 'same' : 'valid';
      const y = tf.depthwiseConv2d(x, f.depthwiseKernel.read() as tf.Tensor4D, f.strides as [number, number], pad, 'NHWC', f.dilationRate as [number, number]);
      return f.bias ? tf.add(y, f.bias.read()) : y;
    });
  }
}

tf.serialization.registerClass(DilatedDepthwiseConv2D as unknown as tf.serialization.SerializableConstructor<tf.serialization.Serializable>);

/**
 * A [kh, kw, a, b] kernel with dilation d as the undilated kernel it equals: taps d apart, zeros between them,
 * [(kh−1)·dh+1, (kw−1)·dw+1, a, b]. Stock layers that ignore a dilation compute the same result with it.
 */
export function spreadKernel({ data, shape }: { data: Float32Array; shape: number[] }, [dh, dw]: [number, number]): { data: Float32Array; shape: number[] } {
  const [kh, kw, a, b] = shape;
  const [sh, sw] = [(kh - 1) * dh + 1, (kw - 1) * dw + 1];
  const inner = a * b;
  const out = new Float32Array(sh * sw * inner);
  for (let i = 0; i < kh; i++)
    for (let j = 0; j < kw; j++) out.set(data.subarray((i * kw + j) * inner, (i * kw + j + 1) * inner), (i * dh * sw + j * dw) * inner);
  return { data: out, shape: [sh, sw, a, b] };
}
