import { initBackend } from '../backend/select';
import { compileGraph } from '../compile/compile';
import type { GraphDoc } from '../graph/types';
import { inferGraph } from '../shapes/infer';
import { inputOf } from '../shapes/classes';
import { createOptimizer } from './optimizer';
import { trainStep, type Batch } from './step';
import type { TfjsSpeed } from '../contract/engines';
import { startLoadMeter } from '../io/machineLoad';

/**
 * Trains `graph` on random images on the best TF.js backend: two warm-up steps, then steps until at least
 * 3 were done and `seconds` have passed; images/s of the median step (a moment when other programs took the
 * cores does not decide), and how many cores other programs kept busy meanwhile. Runs in a job process
 * (it initialises the backend).
 */
export async function measureTfjsSpeed(graph: GraphDoc, options: { batch: number; seconds: number }): Promise<TfjsSpeed> {
  const backend = await initBackend();
  const { channels: c, height: h, width: w } = inputOf(graph);
  const numClasses = inferGraph(graph).output![0];
  const model = compileGraph(graph, { seed: 0, logits: true });
  const opt = createOptimizer({ type: 'sgd', momentum: 0.9, nesterov: false, weightDecay: 0 }, 0.01);
  const size = options.batch;
  const batch: Batch = {
    x: Float32Array.from({ length: size * h * w * c }, (_, i) => Math.sin(i * 12.9898) % 1),
    y: Int32Array.from({ length: size }, (_, i) => i % numClasses),
    size,
  };
  const step = () => trainStep(model, opt, batch, { lr: 0.01, labelSmoothing: 0, numClasses, inputShape: [h, w, c] });
  step();
  step();
  const durations: number[] = [];
  const load = startLoadMeter();
  const started = performance.now();
  while (durations.length < 3 || performance.now() - started < options.seconds * 1000) {
    const t = performance.now();
    step(); // reads the loss back, so each step is timed whole
    durations.push((performance.now() - t) / 1000);
  }
  const seconds = (performance.now() - started) / 1000;
  const median = [...durations].sort((a, b) => a - b)[Math.floor(durations.length / 2)];
  model.dispose();
  opt.optimizer.dispose();
  const othersCores = load.othersCores();
  return { backend: backend.name, imagesPerSecond: size / median, steps: durations.length, seconds, othersCores, cores: load.cores };
}
