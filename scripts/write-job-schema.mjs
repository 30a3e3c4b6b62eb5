// Writes the PyTorch runner's job-file JSON Schema, generated from the zod contract (src/contract/torchJob.ts),
// to assets/python/inception_torch/job.schema.json. src/torch/jobSchema.test.ts fails while the file is stale.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, '.tmp', 'job-schema', 'jobSchema.mjs');
await build({
  entryPoints: [path.join(root, 'src', 'torch', 'jobSchema.ts')],
  outfile: out,
  bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', logLevel: 'warning',
});
const { JOB_SCHEMA_FILE, jobSchemaText } = await import(pathToFileURL(out).href);
writeFileSync(path.join(root, JOB_SCHEMA_FILE), jobSchemaText());
console.log(`wrote ${JOB_SCHEMA_FILE}`);
