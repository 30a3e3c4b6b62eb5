import type * as tf from '@tensorflow/tfjs';
import { initBackend } from '../backend/select';
import { NO_AUGMENT } from '../contract/augment';
import type { GradCamResult } from '../contract/gradCam';
import type { FromJobMessage, ToJobMessage } from '../contract/jobMessages';
import { decodeImage } from '../data';
import { defaultGradCamNode, gradCamNode } from '../shapes/gradCamNodes';
import { gradCamAnswer, gradCamSource, requestedClass } from './gradCamSource';
import { gradCamOnModel, scoresModel } from './gradCamRun';
import { withRandomHead } from './randomHead';

type ServeMessage = Extract<ToJobMessage, { type: 'gradCamServe' | 'gradCamRequest' }>;
type Request = Extract<ToJobMessage, { type: 'gradCamRequest' }>;

/** A run's TF.js scores model, built once with its weights (or its randomised classifier's), for one image after another. */
async function loadRun(runDir: string, randomHead: boolean) {
  await initBackend();
  const source = await gradCamSource(runDir);
  const weights = randomHead ? withRandomHead(source.graph, source.weights) : source.weights;
  const model: tf.LayersModel = scoresModel(source.graph, weights);
  // One pass on a blank image at the default node, so that the first request finds the kernels ready.
  const first = defaultGradCamNode(source.graph);
  if (first) gradCamOnModel(model, source.graph, new Float32Array(source.spec.height * source.spec.width * source.spec.channels), source.spec, first);
  return async (request: Request): Promise<GradCamResult> => {
    const node = gradCamNode(source.graph, request.options.node);
    const classIndex = requestedClass(source.classes, request.options.label);
    const pixels = await decodeImage(request.image, source.spec, NO_AUGMENT);
    const cam = gradCamOnModel(model, source.graph, pixels, source.spec, node, classIndex);
    return gradCamAnswer(request.image, source.spec, source.classes, cam, { engine: 'tfjs', node, randomHead });
  };
}

/**
 * The job side of a kept TF.js Grad-CAM job: `gradCamServe` loads the run (answered `ready`, or an `error` that
 * ends the job), then each `gradCamRequest` is answered in turn with its id; a request that fails is answered
 * with its error and the job stays. The job ends when the service disconnects.
 */
export function gradCamServing(send: (message: FromJobMessage) => void): (message: ServeMessage) => void {
  let answer: Promise<(request: Request) => Promise<GradCamResult>> | null = null;
  let queue: Promise<unknown> = Promise.resolve();
  process.once('disconnect', () => process.exit(0));
  return (message) => {
    if (message.type === 'gradCamServe') {
      if (answer) return send({ type: 'error', message: 'this job already serves a run' });
      answer = loadRun(message.runDir, message.randomHead);
      answer.then(() => send({ type: 'ready' }), (error: Error) => {
        send({ type: 'error', message: error.message });
        process.disconnect?.();
      });
      return;
    }
    const loaded = answer;
    queue = queue.then(async () => {
      try {
        if (!loaded) throw new Error('a Grad-CAM request came before the run to serve');
        send({ type: 'answer', id: message.id, result: await (await loaded)(message) });
      } catch (error) {
        send({ type: 'answer', id: message.id, error: (error as Error).message });
      }
    });
  };
}
