import path from 'node:path';
import { requestedClass } from '../infer/gradCamSource';
import { readJson, runPaths } from '../io/runFolder';
import { gradCamNode } from '../shapes/gradCamNodes';
import { runGraph } from '../torch/runWeights';

/**
 * A Grad-CAM or feature-map request's node and class checked against the run's design and labels before a
 * worker is started for it, with the worker's own messages. What cannot be read here is left to the worker,
 * which says what is missing.
 * @throws Error naming the node or class and the ones that would do.
 */
export async function checkGradCamRequest(runDir: string, request: { node?: string; label?: string }): Promise<void> {
  if (request.node !== undefined) {
    const graph = await runGraph(runDir).catch(() => null);
    if (graph) gradCamNode(graph, request.node);
  }
  if (request.label !== undefined) {
    const classes = await readJson<string[]>(path.join(runPaths(runDir).model, 'labels.json')).catch(() => null);
    if (classes) requestedClass(classes, request.label);
  }
}
