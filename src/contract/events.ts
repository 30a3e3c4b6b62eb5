import { z } from 'zod';

/**
 * The events of a training run, one JSON object per line in `metrics.jsonl` and on the wire.
 * Both engines (TF.js and PyTorch) emit exactly this schema.
 */
const time = z.number();

export const startEvent = z.object({
  type: z.literal('start'),
  time,
  engine: z.string(),
  backend: z.string(),
  classes: z.array(z.string()),
  trainSize: z.number().int(),
  valSize: z.number().int(),
  epochs: z.number().int(),
  stepsPerEpoch: z.number().int(),
  /** The epoch training starts at (0, or later when resuming). */
  fromEpoch: z.number().int(),
  /** PyTorch under torchrun, after a worker failed: the step this attempt resumes at. */
  fromStep: z.number().int().optional(),
  /** PyTorch under torchrun: this attempt follows a restart of the process group, and why. */
  restart: z.object({ attempt: z.number().int(), maxRestarts: z.number().int(), reason: z.string() }).optional(),
  /** Fine-tuning: the run the weights came from, how many weight tensors were copied, the layers that start fresh. */
  init: z.object({ run: z.string(), copied: z.number().int(), fresh: z.array(z.string()) }).optional(),
});

export const batchEvent = z.object({
  type: z.literal('batch'),
  time,
  epoch: z.number().int(),
  /** Batches since the run began, 0-based. */
  step: z.number().int(),
  loss: z.number(),
  accuracy: z.number(),
  lr: z.number(),
  imagesPerSecond: z.number(),
  etaSeconds: z.number(),
});

export const epochEvent = z.object({
  type: z.literal('epoch'),
  time,
  epoch: z.number().int(),
  loss: z.number(),
  accuracy: z.number(),
  valLoss: z.number().nullable(),
  valAccuracy: z.number().nullable(),
  lr: z.number(),
  imagesPerSecond: z.number(),
  seconds: z.number(),
  etaSeconds: z.number(),
  best: z.boolean(),
});

export const checkpointEvent = z.object({
  type: z.literal('checkpoint'),
  time,
  epoch: z.number().int(),
  step: z.number().int(),
  kind: z.enum(['last', 'best', 'stop']),
});

export const skippedEvent = z.object({ type: z.literal('skipped'), time, path: z.string(), reason: z.string() });

export const endEvent = z.object({
  type: z.literal('end'),
  time,
  status: z.enum(['completed', 'stopped', 'early-stopped', 'failed']),
  epochsDone: z.number().int(),
  bestValAccuracy: z.number().nullable(),
  bestValLoss: z.number().nullable(),
  message: z.string().optional(),
});

export const trainEvent = z.discriminatedUnion('type', [startEvent, batchEvent, epochEvent, checkpointEvent, skippedEvent, endEvent]);

export type TrainEvent = z.infer<typeof trainEvent>;
export type BatchEvent = z.infer<typeof batchEvent>;
export type EpochEvent = z.infer<typeof epochEvent>;
