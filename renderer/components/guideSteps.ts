export interface GuideStep { title: string; done: boolean }

export interface GuideFacts {
  /** Classes in the chosen folder. */
  classes: number;
  /** The run the guide started, once there is one. */
  guideRun: string | null;
  /** That run completed. */
  ended: boolean;
  /** The screen showing now. */
  screen: string;
  /** The guide's run is still the one the Train screen shows (its folder is still the chosen one). */
  runInView: boolean;
}

/**
 * The guide's steps and the current one (-1 when all are done). Once all are done the guide is `over`
 * anywhere but on the Train screen that shows its run: its closing words belong to that run only.
 */
export function guideProgress({ classes, guideRun, ended, screen, runInView }: GuideFacts): { steps: GuideStep[]; current: number; over: boolean } {
  const steps: GuideStep[] = [
    { title: 'Choose an image folder', done: classes >= 2 },
    { title: 'Start training', done: guideRun !== null },
    { title: 'See the results', done: ended },
  ];
  const current = steps.findIndex((s) => !s.done);
  return { steps, current, over: current === -1 && (screen !== 'train' || !runInView) };
}
