// Import time and peak memory (max RSS of a fresh process) of ONNX files, printed as JSON lines.
//   node scripts/bench-import.mjs FILE.onnx...
// Each file is imported in its own process: map onto a design, compile, write the run folder (TF.js cpu backend).
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleSources } from './bench/bundleSources.mjs';

const [flag, file] = process.argv.slice(2);
if (flag === '--one') {
  const bundle = await bundleSources({ importer: 'src/import/importModel.ts', writer: 'src/import/writeImported.ts' });
  const out = await mkdtemp(path.join(tmpdir(), 'bench-import-'));
  try {
    const tf = await import('@tensorflow/tfjs');
    await tf.setBackend('cpu');
    const { importModel } = await bundle.load('importer');
    const { writeImportedRun } = await bundle.load('writer');
    const start = performance.now();
    let result;
    try {
      const imported = await importModel(file);
      await writeImportedRun(path.join(out, 'run'), imported);
      result = { nodes: imported.summary.nodes, trainableParams: imported.summary.trainableParams };
    } catch (error) {
      result = { refused: error.message.slice(0, 160) };
    }
    const seconds = (performance.now() - start) / 1000;
    console.log(JSON.stringify({ file: path.basename(file), seconds: Number(seconds.toFixed(2)), peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024), ...result }));
  } finally {
    await rm(out, { recursive: true, force: true });
    await bundle.cleanup();
  }
} else {
  for (const f of process.argv.slice(2)) {
    process.stdout.write(execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--one', f], { encoding: 'utf8' }));
  }
}
