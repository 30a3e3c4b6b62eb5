/**
 * The training options each built-in design starts with, in the app's Train screen and in
 * `inception train --preset NAME`; anything the user sets wins. Data folders and engines are not here.
 * The googlenet-96 recipe is the one measured in docs/time-to-accuracy.md.
 */
export interface PresetRecipe {
  epochs: number;
  batchSize: number;
  optimizer: { type: 'sgd'; momentum: number; weightDecay: number } | { type: 'adam'; weightDecay: number };
  lr: number;
  schedule: { type: 'cosine' } | { type: 'step'; stepEpochs: number; gamma: number };
  warmupEpochs: number;
  labelSmoothing: number;
  /** Share of each class held out for validation when no validation folder is given. */
  validationFraction: number;
}

const RECIPES: Record<string, PresetRecipe> = {
  'small-cnn': {
    epochs: 10, batchSize: 32, optimizer: { type: 'adam', weightDecay: 0 }, lr: 0.001,
    schedule: { type: 'cosine' }, warmupEpochs: 0, labelSmoothing: 0, validationFraction: 0.2,
  },
  'googlenet-96': {
    epochs: 4, batchSize: 64, optimizer: { type: 'sgd', momentum: 0.9, weightDecay: 5e-4 }, lr: 0.05,
    schedule: { type: 'cosine' }, warmupEpochs: 0.5, labelSmoothing: 0.1, validationFraction: 0.1,
  },
  googlenet: {
    epochs: 60, batchSize: 32, optimizer: { type: 'sgd', momentum: 0.9, weightDecay: 2e-4 }, lr: 0.01,
    schedule: { type: 'step', stepEpochs: 8, gamma: 0.96 }, warmupEpochs: 0, labelSmoothing: 0, validationFraction: 0.2,
  },
};

/** The presets that come with a recipe. */
export const PRESETS_WITH_RECIPES = Object.keys(RECIPES);

/** The recipe of a preset by name; null for any other design. */
export function presetRecipe(name: string | null | undefined): PresetRecipe | null {
  return name && Object.hasOwn(RECIPES, name) ? structuredClone(RECIPES[name]) : null;
}
