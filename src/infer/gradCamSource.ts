import path from 'node:path';
import type { GradCamResult } from '../contract/gradCam';
import type { PreprocessSpec } from '../data';
import type { GraphDoc } from '../graph/types';
import { readJson, runPaths } from '../io/runFolder';
import { generateTorchModule } from '../torch/codegen';
import { runGraph, runWeightsAsTfjs } from '../torch/runWeights';
import type { TfjsWeights } from '../torch/weights';
import { camOverlayPng } from './camOverlay';

// What Grad-CAM reads of a run and how it answers, whichever engine computes the map (no TF.js here: the
// service's PyTorch workers use it in the service's own process).

/** What Grad-CAM reads of a finished run: its design, weights (either engine's, as TF.js names), labels and preprocessing. */
export async function gradCamSource(runDir: string): Promise<{ graph: GraphDoc; weights: TfjsWeights; classes: string[]; spec: PreprocessSpec }> {
  const graph = await runGraph(runDir);
  const found = await runWeightsAsTfjs(runDir, generateTorchModule(graph));
  if (!found) throw new Error(`${runDir} has no trained weights yet: let it finish, or resume it`);
  const model = runPaths(runDir).model;
  const [classes, spec] = await Promise.all([
    readJson<string[]>(path.join(model, 'labels.json')),
    readJson<PreprocessSpec>(path.join(model, 'preprocessing.json')),
  ]).catch((error: Error) => {
    throw new Error(`${runDir} has no labels or preprocessing in model/ (${error.message}); the run must finish first`);
  });
  return { graph, weights: found.weights, classes, spec };
}

/** The class index a Grad-CAM request names by label (undefined: the predicted class). */
export function requestedClass(classes: readonly string[], label: string | undefined): number | undefined {
  if (label === undefined) return undefined;
  const index = classes.indexOf(label);
  if (index < 0) throw new Error(`Grad-CAM class: expected one of ${classes.slice(0, 12).join(', ')}${classes.length > 12 ? ', …' : ''}, found "${label}"`);
  return index;
}

/** Either engine's map as the API's answer: the explained and the predicted class, the map's maximum, and the overlay. */
export async function gradCamAnswer(
  file: string,
  spec: PreprocessSpec,
  classes: readonly string[],
  cam: { map: Float32Array; height: number; width: number; classIndex: number; probabilities: Float32Array },
  request: { engine: GradCamResult['engine']; node: string; randomHead: boolean },
): Promise<GradCamResult> {
  let predicted = 0;
  for (let i = 1; i < cam.probabilities.length; i++) if (cam.probabilities[i] > cam.probabilities[predicted]) predicted = i;
  let max = 0;
  for (const v of cam.map) max = Math.max(max, v);
  const png = await camOverlayPng(file, spec, cam);
  return {
    path: file,
    ...request,
    label: classes[cam.classIndex] ?? String(cam.classIndex),
    classIndex: cam.classIndex,
    probability: cam.probabilities[cam.classIndex],
    predicted: { label: classes[predicted] ?? String(predicted), probability: cam.probabilities[predicted] },
    map: Array.from(cam.map),
    height: cam.height,
    width: cam.width,
    max,
    overlay: `data:image/png;base64,${png.toString('base64')}`,
  };
}
