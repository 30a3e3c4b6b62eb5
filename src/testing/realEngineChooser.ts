import { detectTfjsEngine } from '../backend/detect';
import { createEngineChooser } from '../service/engineChoice';
import { torchForChoice } from '../service/engineChooser';
import { measureTorchSpeed } from '../torch/speed';
import { measureTfjsSpeed } from '../train/speedProbe';

/** The service's engine chooser over the real engines (the TF.js probe in this process), its cache in `cacheFile`; `batch` shortens probe steps, `rounds` their number. */
export const realChooser = (cacheFile: string, options: { batch?: number; rounds?: number } = {}) => createEngineChooser({
  cacheFile,
  ...options,
  tfjsStatus: detectTfjsEngine,
  torchStatus: torchForChoice,
  measureTfjs: (graph, probe) => measureTfjsSpeed(graph, probe),
  measureTorch: (python, graph, probe) => measureTorchSpeed(python, graph, probe),
});
