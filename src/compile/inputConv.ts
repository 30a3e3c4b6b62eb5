import * as tf from '@tensorflow/tfjs';

type ConvArgs = Parameters<typeof tf.layers.conv2d>[0];

/** The fields of tfjs-layers' Conv2D that `call` reads (protected there). */
interface ConvFields {
  kernel: tf.LayerVariable;
  bias: tf.LayerVariable | null;
  strides: number[];
  padding: string;
  dataFormat: string;
  dilationRate: number[];
  activation: { getClassName(): string };
}

/** tfjs-layers' Conv2D class (only its factory is exported). */
const StockConv2D = tf.layers.conv2d({ filters: 1, kernelSize: 1 }).constructor as new (args: ConvArgs) => ReturnType<typeof tf.layers.conv2d>;

/**
 * tf.layers.conv2d for a convolution whose input needs no gradient (one fed only by the model's input):
 * the convolution and the bias are separate ops. The stock layer uses the fused op, whose gradient computes
 * the input gradient as well as the weights', unasked; apart, TF.js computes only the gradients some
 * weight needs — for GoogLeNet-96's first conv that skips an input gradient costing ~5% of a training step.
 * Same weights, config and class name; same result.
 */
export class InputConv2D extends StockConv2D {
  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor | tf.Tensor[] {
    const f = this as unknown as ConvFields;
    const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
    if (x.rank !== 4 || f.dataFormat !== 'channelsLast' || f.activation.getClassName() !== 'linear') return super.call(inputs, kwargs);
    return tf.tidy(() => {
      const pad = f.padding === 'same' ? 'same' : 'valid';
      const y = tf.conv2d(x, f.kernel.read() as tf.Tensor4D, f.strides as [number, number], pad, 'NHWC', f.dilationRate as [number, number]);
      return f.bias ? tf.add(y, f.bias.read()) : y;
    });
  }
}
