/** What the Train screen knows when it decides whether to show the followed run. */
export interface FollowedInput {
  runId: string | null;
  /** The image folder chosen when the run became the followed one. */
  context: string | null;
  /** The image folder chosen now. */
  chosenDir: string | null;
  /** The run is starting, training or stopping: it stays in view whatever is chosen, so it can be stopped. */
  live: boolean;
}

/**
 * The run the Train screen shows, or null: a run that has ended belongs to the folder that was chosen
 * when it was followed, and choosing another folder leaves it (it stays in Runs).
 */
export function followedRun({ runId, context, chosenDir, live }: FollowedInput): string | null {
  if (!runId) return null;
  return live || context === chosenDir ? runId : null;
}
