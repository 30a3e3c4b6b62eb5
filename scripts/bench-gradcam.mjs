// Grad-CAM of googlenet-96 for one image in both engines (target: under a second each on this VM). Prints JSON.
//   node scripts/bench-gradcam.mjs [--repeats 3]
// TF.js: the model built once with the weights (reported apart), then Grad-CAM timed after one warm-up call.
// PyTorch: each call is a Python process (start, torch's import, the network's build and weights' load, then the
// forward and backward pass); both the whole call and the pass alone, as the tool measures it, are reported.
// Service: end to end through api.gradCam, as the app calls it (needs `npm run build:node` for the job process):
// each engine keeps one worker per run (a job process with the TF.js model built, a Python process with the
// PyTorch network loaded). Cold: the first call starts it; warmed: api.warmGradCam starts it first (as the app
// does when a run is chosen in Try it or its Results open) and the first user call is reported apart.
import path from 'node:path';
import { bundleSources, ROOT } from './bench/bundleSources.mjs';

// The bundle lives in a temporary folder: point the PyTorch side at the repository's Python files.
process.env.INCEPTION_PYTHON_ASSETS ??= path.join(ROOT, 'assets', 'python');

const i = process.argv.indexOf('--repeats');
const repeats = i > 0 ? Number(process.argv[i + 1]) : 3;
const bundle = await bundleSources({ gradcam: 'scripts/bench/gradcam.ts' }, 'inception-bench-gradcam-');
try {
  const { benchGradCam } = await bundle.load('gradcam');
  console.log(JSON.stringify(await benchGradCam(repeats, path.join(ROOT, 'dist', 'node', 'job.mjs')), null, 2));
} finally {
  await bundle.cleanup();
}
