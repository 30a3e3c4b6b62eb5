import { z } from 'zod';
import { augmentSpecSchema, NO_AUGMENT } from '../data/augment';

/** The options of a training run, as stored in the run's `config.json`; every field has a default. */
export const trainConfigSchema = z.object({
  data: z
    .object({
      /** Folder with one sub-folder per class. */
      dir: z.string().min(1),
      /** A separate validation folder; otherwise `validationFraction` of each class is held out. */
      valDir: z.string().min(1).nullable().default(null),
      validationFraction: z.number().min(0).max(0.9).default(0.2),
      resize: z.enum(['crop', 'stretch']).default('crop'),
      /** Per-channel mean and std on the 0..1 scale; measured on the training images when null. */
      mean: z.array(z.number()).nullable().default(null),
      std: z.array(z.number().positive()).nullable().default(null),
      /** Folder for decoded images, reused across epochs and runs; null for none. */
      cacheDir: z.string().nullable().default(null),
      /** Decoding threads; null for one per core. */
      workers: z.number().int().min(0).max(64).nullable().default(null),
    })
    .strict(),
  /** None unless asked for: a mirror is wrong for digits, text and many medical images. */
  augment: augmentSpecSchema.default({ ...NO_AUGMENT }),
  optimizer: z
    .discriminatedUnion('type', [
      z.object({ type: z.literal('sgd'), momentum: z.number().min(0).max(0.999).default(0.9), nesterov: z.boolean().default(false), weightDecay: z.number().min(0).max(1).default(5e-4) }),
      z.object({ type: z.literal('adam'), beta1: z.number().min(0).max(0.9999).default(0.9), beta2: z.number().min(0).max(0.99999).default(0.999), epsilon: z.number().positive().default(1e-7), weightDecay: z.number().min(0).max(1).default(0) }),
      z.object({ type: z.literal('adamw'), beta1: z.number().min(0).max(0.9999).default(0.9), beta2: z.number().min(0).max(0.99999).default(0.999), epsilon: z.number().positive().default(1e-7), weightDecay: z.number().min(0).max(1).default(0.01) }),
    ])
    .default({ type: 'adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-7, weightDecay: 0 }),
  lr: z.number().positive().max(10).default(0.001),
  schedule: z
    .discriminatedUnion('type', [
      z.object({ type: z.literal('constant') }),
      z.object({ type: z.literal('step'), stepEpochs: z.number().int().min(1).default(10), gamma: z.number().positive().max(1).default(0.1) }),
      z.object({ type: z.literal('cosine'), minFactor: z.number().min(0).max(1).default(0.01) }),
    ])
    .default({ type: 'cosine', minFactor: 0.01 }),
  warmupEpochs: z.number().min(0).max(100).default(0),
  labelSmoothing: z.number().min(0).max(0.5).default(0),
  epochs: z.number().int().min(1).max(10_000).default(10),
  batchSize: z.number().int().min(1).max(4096).default(32),
  /** Stop when the validation loss has not improved by minDelta for `patience` epochs; null to never stop early. */
  earlyStopping: z
    .object({ patience: z.number().int().min(1).default(5), minDelta: z.number().min(0).default(0) })
    .nullable()
    .default(null),
  seed: z.number().int().min(0).max(2 ** 31).default(0),
  /**
   * Fine-tuning: start from the weights of a finished run or an imported model (`run`, its id). The service
   * fills `runDir`, the run's folder. Weights whose layer name and shape match are copied; the rest (a new
   * head for a different class count) start fresh. Nodes with `frozen: true` in the design are not trained.
   */
  init: z.object({ run: z.string().min(1), runDir: z.string().min(1).optional() }).strict().nullable().default(null),
  engine: z.literal('tfjs').default('tfjs'),
  /** How "Automatic" picked this run's engine; null when the engine was given. */
  engineChoice: z
    .object({ requested: z.literal('auto'), engine: z.enum(['tfjs', 'torch']), device: z.string(), reason: z.string() })
    .nullable()
    .default(null),
  /** A TF.js backend to prefer; null picks the best present. */
  backend: z.enum(['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu']).nullable().default(null),
});

export type TrainConfig = z.infer<typeof trainConfigSchema>;
export type TrainConfigInput = z.input<typeof trainConfigSchema>;

/** Fills defaults and validates; errors name the field. */
export function parseTrainConfig(input: unknown): TrainConfig {
  const parsed = trainConfigSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`training option ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return parsed.data;
}
