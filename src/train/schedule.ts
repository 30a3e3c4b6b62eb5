/** Learning-rate schedules, as pure functions of the position in training. */
export type ScheduleSpec =
  | { type: 'constant' }
  | { type: 'step'; stepEpochs: number; gamma: number }
  | { type: 'cosine'; minFactor: number };

export interface ScheduleOptions {
  baseLr: number;
  schedule: ScheduleSpec;
  /** Epochs of linear warm-up from baseLr / stepsPerEpoch up to baseLr (0 for none). */
  warmupEpochs: number;
  epochs: number;
  stepsPerEpoch: number;
}

/**
 * The learning rate for a global step (0-based, counting batches since the run began).
 * Warm-up ramps linearly per step; step decay changes at epoch boundaries; cosine anneals per step
 * from the end of warm-up to the last step.
 */
export function learningRateAt(step: number, o: ScheduleOptions): number {
  const warmupSteps = Math.round(o.warmupEpochs * o.stepsPerEpoch);
  if (step < warmupSteps) return (o.baseLr * (step + 1)) / warmupSteps;
  const epoch = Math.floor(step / o.stepsPerEpoch);
  switch (o.schedule.type) {
    case 'constant':
      return o.baseLr;
    case 'step':
      return o.baseLr * o.schedule.gamma ** Math.floor(epoch / o.schedule.stepEpochs);
    case 'cosine': {
      const total = Math.max(1, o.epochs * o.stepsPerEpoch - warmupSteps);
      const progress = Math.min(1, (step - warmupSteps) / total);
      const min = o.baseLr * o.schedule.minFactor;
      return min + ((o.baseLr - min) * (1 + Math.cos(Math.PI * progress))) / 2;
    }
  }
}
