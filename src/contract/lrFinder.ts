/** One step of a learning-rate range test: the rate used and the loss it gave. */
export interface LrPoint {
  lr: number;
  loss: number;
  /** The loss smoothed over the steps before (an exponential average with bias correction). */
  smoothed: number;
}

/** What a range test suggests, and why. */
export interface LrSuggestion {
  /** The rate of the lowest smoothed loss. */
  lowest: number;
  /**
   * Where the smoothed loss fell fastest per decade of rate, looked for in the two decades below
   * `lowest` (earlier falls are the first steps settling, not the rate); null when it never fell there.
   */
  steepest: number | null;
  /** The suggestion: a tenth of `lowest` (Leslie Smith's rule of thumb), which noise moves least. */
  suggested: number;
}

/** The answer of `findLearningRate`: the loss at each rate and a suggested rate. */
export interface LrFinderResult extends LrSuggestion {
  points: LrPoint[];
  /** True when the loss blew up (over 4× its lowest, or not finite) before the last step. */
  diverged: boolean;
  backend: string;
}
