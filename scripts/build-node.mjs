// Bundles the Node-side entry points with esbuild: the CLI (ESM) and Electron's main and preload (CJS).
import { copyFile, mkdir, readdir, rm } from 'node:fs/promises';
import { build } from 'esbuild';

const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: true, logLevel: 'warning' };
// CJS bundles have no import.meta; give them the file URL the ESM code expects.
const cjsImportMeta = {
  banner: { js: "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  define: { 'import.meta.url': '__importMetaUrl' },
};

/** The chunks of an earlier build of an entry (their names carry a hash). */
async function removeOldChunks(prefix) {
  const names = await readdir('dist/node').catch(() => []);
  await Promise.all(names.filter((n) => n.startsWith(prefix)).map((n) => rm(`dist/node/${n}`, { force: true })));
}

/** An ESM entry split into chunks beside it: what only some commands or jobs need (TF.js, the export writers) loads when they run. */
const split = (name, entry) => removeOldChunks(`${name}-chunk-`).then(() => build({
  ...common, entryPoints: { [name]: entry }, outdir: 'dist/node', outExtension: { '.js': '.mjs' }, splitting: true,
  chunkNames: `${name}-chunk-[name]-[hash]`, format: 'esm', packages: 'external',
}));

await Promise.all([
  // The chunks lie beside cli.mjs and job.mjs, where the code finds the files it reads beside its bundle.
  split('cli', 'src/cli/main.ts'),
  // A job on ONNX Runtime (predict, evaluate, classify) never loads TF.js.
  split('job', 'src/train/jobMain.ts'),
  build({ ...common, entryPoints: ['src/data/decodeWorker.ts'], outfile: 'dist/node/decodeWorker.mjs', format: 'esm', packages: 'external' }),
  build({ ...common, entryPoints: ['src/infer/onnx/ortProcess.ts'], outfile: 'dist/node/ortProcess.mjs', format: 'esm', packages: 'external' }),
  // onnxruntime-node runs in a process of its own (src/export/int8/ortProcess.ts); plain JavaScript, copied as it is.
  build({ ...common, bundle: false, entryPoints: ['src/export/int8/ortRunner.mjs'], outfile: 'dist/node/ortRunner.mjs', format: 'esm' }),
  // The deployment profile's measuring code for scripts/bench-exports.mjs (the CLI bundles its own copy).
  build({ ...common, entryPoints: ['src/export/profile/deploymentProfile.ts'], outfile: 'dist/node/deploymentProfile.mjs', format: 'esm', packages: 'external' }),
  // The page the deployment profile runs in Chromium (src/export/profile/measureInChromium.ts), beside the bundles.
  mkdir('dist/node', { recursive: true }).then(() => copyFile('src/export/profile/profilePage.html', 'dist/node/profilePage.html')),
  build({ ...common, entryPoints: ['src/service/electronStatus.ts'], outfile: 'dist/node/electron-status.mjs', format: 'esm', packages: 'external' }),
  build({ ...common, ...cjsImportMeta, entryPoints: ['electron/main.ts'], outfile: 'dist/electron/main.cjs', format: 'cjs', packages: 'external' }),
  build({ ...common, entryPoints: ['electron/preload.ts'], outfile: 'dist/electron/preload.cjs', format: 'cjs', external: ['electron'] }),
]);
