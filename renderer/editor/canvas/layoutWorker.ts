import type { Box, Point, Size } from '../../../src/graph/layout/geometry';
import type { GraphDoc, Position } from '../../../src/graph/types';
import type { LayoutInput } from './layout';
import { runLayoutJob, type LayoutAnswer, type LayoutJob } from './layoutJobs';

type Reply = { id: number; answer: LayoutAnswer } | { id: number; error: string };

let worker: Worker | null | undefined;
let next = 0;
const pending = new Map<number, { resolve: (answer: LayoutAnswer) => void; reject: (error: Error) => void; job: LayoutJob }>();

/**
 * The layout worker, started on first use. Where none can start (a page whose policy forbids it), or it
 * fails, jobs run on this thread instead: slower to the eye, never lost.
 */
function layoutWorker(): Worker | null {
  if (worker !== undefined) return worker;
  try {
    worker = new Worker(new URL('./layout.worker.ts', import.meta.url), { type: 'module', name: 'layout' });
    worker.onmessage = ({ data }: MessageEvent<Reply>) => {
      const waiting = pending.get(data.id);
      pending.delete(data.id);
      if (!waiting) return;
      if ('error' in data) waiting.reject(new Error(data.error));
      else waiting.resolve(data.answer);
    };
    worker.onerror = (event) => {
      event.preventDefault();
      worker?.terminate();
      worker = null;
      // The worker could not load: what it was given is done here.
      for (const [id, waiting] of pending) {
        pending.delete(id);
        settleHere(waiting.job, waiting.resolve, waiting.reject);
      }
    };
  } catch {
    worker = null;
  }
  return worker;
}

function settleHere(job: LayoutJob, resolve: (answer: LayoutAnswer) => void, reject: (error: Error) => void) {
  try {
    resolve(runLayoutJob(job));
  } catch (error) {
    reject(error instanceof Error ? error : new Error(String(error)));
  }
}

function run(job: LayoutJob): Promise<LayoutAnswer> {
  return new Promise((resolve, reject) => {
    const target = layoutWorker();
    if (!target) return settleHere(job, resolve, reject);
    const id = next++;
    pending.set(id, { resolve, reject, job });
    target.postMessage({ id, job });
  });
}

/** The layered layout of a design, computed off the page's thread; see `autoLayout`. */
export async function layoutInWorker(graph: LayoutInput, sizes: ReadonlyMap<string, Size>): Promise<Map<string, Position>> {
  const plain = { nodes: graph.nodes.map((n) => ({ ...n })), edges: graph.edges.map((e) => ({ ...e })) };
  const answer = await run({ kind: 'layout', graph: plain, sizes: [...sizes] });
  if (answer.kind !== 'layout') throw new Error(`expected positions from the layout worker, found ${answer.kind}`);
  return new Map(answer.positions);
}

/** Routes for the edges around the given boxes, computed off the page's thread; see `routeEdges`. */
export async function routeInWorker(boxes: readonly Box[], edges: GraphDoc['edges']): Promise<Map<string, Point[]>> {
  const answer = await run({ kind: 'route', boxes: [...boxes], edges: edges.map((e) => ({ ...e })) });
  if (answer.kind !== 'route') throw new Error(`expected routes from the layout worker, found ${answer.kind}`);
  return new Map(answer.routes);
}
