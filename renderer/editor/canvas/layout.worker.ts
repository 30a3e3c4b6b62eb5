import { runLayoutJob, type LayoutJob } from './layoutJobs';

/** The layout worker: answers each numbered job with its result, or with the error it threw. */
const scope = self as unknown as {
  onmessage: ((event: MessageEvent<{ id: number; job: LayoutJob }>) => void) | null;
  postMessage(message: unknown): void;
};
scope.onmessage = ({ data }) => {
  try {
    scope.postMessage({ id: data.id, answer: runLayoutJob(data.job) });
  } catch (error) {
    scope.postMessage({ id: data.id, error: error instanceof Error ? error.message : String(error) });
  }
};
