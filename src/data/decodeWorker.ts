// Worker-thread entry of the decode pool. Bundled on its own as dist/node/decodeWorker.mjs; from
// TypeScript source, workerLocation.ts compiles it on the fly.
import { parentPort } from 'node:worker_threads';
import sharp from 'sharp';
import { provideSharp } from './lazySharp';
import { type DecodeTask, runDecodeTask } from './decodeTask';

/** A message from the pool: one task and its id. */
export interface WorkerRequest {
  id: number;
  task: DecodeTask;
}

if (!parentPort) throw new Error('decodeWorker must run in a worker thread');
const port = parentPort;

// Many images decode in parallel across threads, so libvips should not also split each image over
// threads; and its operation cache would only hold memory for files read once per epoch.
sharp.concurrency(1);
sharp.cache(false);
provideSharp(sharp);

port.on('message', (request: WorkerRequest) => {
  void runDecodeTask(request.task).then((result) => {
    port.postMessage({ id: request.id, ...result }, result.ok ? [result.pixels.buffer as ArrayBuffer] : []);
  });
});
