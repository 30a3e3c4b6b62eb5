import * as tf from '@tensorflow/tfjs';
import type { InferenceModel } from './inferenceModel';
import { probabilities, type TrainedModel } from './runModel';
import { tfjsTitle } from './runtimes';

/** The TF.js model of a run (`loadRunModel`) as an inference model. */
export function tfjsInference(trained: TrainedModel): InferenceModel {
  const { model, classes, spec } = trained;
  return {
    runtime: 'tfjs',
    title: tfjsTitle(tf.getBackend()),
    classes,
    spec,
    probabilities: async (x, n) => {
      const input = tf.tensor4d(x, [n, spec.height, spec.width, spec.channels]);
      try {
        return probabilities(model, input);
      } finally {
        input.dispose();
      }
    },
    close: async () => {
      model.dispose();
    },
  };
}
