// Time to export a trained run, per format, printed as JSON.
//   node scripts/bench-export.mjs [--preset googlenet-96] [--rounds 3]
// The run folder is made as the TF.js engine leaves one (graph.json + model/ with the training layers,
// seeded weights); each round exports it again into a fresh folder.
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import path from 'node:path';
import { bundleSources } from './bench/bundleSources.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const preset = arg('preset', 'googlenet-96');
const rounds = Number(arg('rounds', 3));

const bundle = await bundleSources({
  exporter: 'src/export/tfjsModel.ts',
  compile: 'src/compile/compile.ts',
  files: 'src/export/tfjsFiles.ts',
  presets: 'src/graph/presets.ts',
});
try {
  const tf = await import('@tensorflow/tfjs');
  await tf.setBackend('cpu');
  const { exportTfjsModel } = await bundle.load('exporter');
  const { compileGraph } = await bundle.load('compile');
  const { saveLayersModel } = await bundle.load('files');
  const { loadPreset } = await bundle.load('presets');

  const graph = loadPreset(preset);
  const runDir = path.join(bundle.work, 'run');
  await mkdir(runDir, { recursive: true });
  const model = compileGraph(graph, { seed: 1 });
  await saveLayersModel(model, path.join(runDir, 'model'));
  model.dispose();
  await writeFile(path.join(runDir, 'graph.json'), JSON.stringify(graph));

  const seconds = { tfjs: [] };
  for (let round = 0; round < rounds; round++) {
    const started = performance.now();
    await exportTfjsModel(runDir, path.join(bundle.work, `tfjs-${round}`));
    seconds.tfjs.push((performance.now() - started) / 1000);
  }
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  console.log(JSON.stringify({
    preset, rounds, cpu: cpus()[0]?.model, cores: cpus().length,
    exportSeconds: Object.fromEntries(Object.entries(seconds).map(([format, values]) => [format, { median: median(values), all: values }])),
  }, null, 2));
} finally {
  await bundle.cleanup();
}
