import * as tf from '@tensorflow/tfjs';

export type OptimizerSpec =
  | { type: 'sgd'; momentum: number; nesterov: boolean; weightDecay: number }
  | { type: 'adam'; beta1: number; beta2: number; epsilon: number; weightDecay: number }
  | { type: 'adamw'; beta1: number; beta2: number; epsilon: number; weightDecay: number };

/** An optimizer with a learning rate that can change every step, and weight decay done the way its type means. */
export interface TrainOptimizer {
  optimizer: tf.Optimizer;
  setLearningRate(lr: number): void;
  /**
   * Applies gradients to the weights. SGD and Adam add L2 decay to the gradient (PyTorch's `weight_decay`);
   * AdamW shrinks the weights directly, decoupled from the gradient. Biases and BatchNorm parameters
   * (rank < 2) are not decayed.
   */
  apply(grads: tf.NamedTensorMap, variables: tf.Variable[], lr: number): void;
}

const decays = (v: tf.Variable) => v.shape.length >= 2;

export function createOptimizer(spec: OptimizerSpec, lr: number): TrainOptimizer {
  const optimizer =
    spec.type === 'sgd'
      ? spec.momentum > 0
        ? tf.train.momentum(lr, spec.momentum, spec.nesterov)
        : tf.train.sgd(lr)
      : tf.train.adam(lr, spec.beta1, spec.beta2, spec.epsilon);

  const setLearningRate = (next: number) => {
    const o = optimizer as unknown as { setLearningRate?: (v: number) => void; learningRate: number };
    if (o.setLearningRate) o.setLearningRate(next);
    else o.learningRate = next;
  };

  return {
    optimizer,
    setLearningRate,
    apply(grads, variables, stepLr) {
      setLearningRate(stepLr);
      const byName = new Map(variables.map((v) => [v.name, v]));
      if (spec.weightDecay > 0 && spec.type !== 'adamw') {
        tf.tidy(() => {
          for (const [name, g] of Object.entries(grads)) {
            const v = byName.get(name);
            if (v && decays(v)) {
              const decayed = tf.keep(tf.add(g, tf.mul(v, spec.weightDecay)));
              g.dispose();
              grads[name] = decayed;
            }
          }
        });
      }
      optimizer.applyGradients(Object.entries(grads).map(([name, tensor]) => ({ name, tensor })));
      if (spec.weightDecay > 0 && spec.type === 'adamw') {
        tf.tidy(() => {
          for (const v of variables) if (decays(v)) v.assign(tf.mul(v, 1 - stepLr * spec.weightDecay));
        });
      }
    },
  };
}
