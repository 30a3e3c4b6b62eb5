import { execFile } from 'node:child_process';
import { mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { greyPng, tempFolder } from './testing/images';

const run = promisify(execFile);
const projectRoot = fileURLToPath(new URL('../..', import.meta.url));

// What scripts/build-node.mjs does for the CLI, plus the worker as a second entry beside it.
async function bundle(outDir: string): Promise<void> {
  const common = { bundle: true, platform: 'node', target: 'node20', format: 'esm', packages: 'external', logLevel: 'silent' } as const;
  await build({ ...common, entryPoints: [path.join(projectRoot, 'src/data/index.ts')], outfile: path.join(outDir, 'cli.mjs') });
  await build({ ...common, entryPoints: [path.join(projectRoot, 'src/data/decodeWorker.ts')], outfile: path.join(outDir, 'decodeWorker.mjs') });
}

const script = `
import { threadId } from 'node:worker_threads';
import { batches, scanImageFolder } from './node/cli.mjs';
const scan = await scanImageFolder(process.argv[2]);
const spec = { height: 5, width: 5, channels: 3, resize: 'crop', mean: [0, 0, 0], std: [1, 1, 1] };
const stream = batches(scan.samples, { batchSize: 4, spec, workers: 2 });
const sizes = [];
try {
  for await (const b of stream) sizes.push(b.size);
  console.log(JSON.stringify({ sizes, threads: Object.keys(stream.stats.decodedByThread).map(Number), main: threadId }));
} catch (error) {
  console.log(JSON.stringify({ error: error.message }));
}
`;

describe('the decode worker after esbuild bundling', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ dir, cleanup } = await tempFolder());
    // Bare imports in the bundle ('sharp', 'zod') resolve through this link, as they would from dist/node.
    await symlink(path.join(projectRoot, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    await bundle(path.join(dir, 'node'));
    await writeFile(path.join(dir, 'run.mjs'), script);
    for (const cls of ['a', 'b']) {
      await mkdir(path.join(dir, 'images', cls), { recursive: true });
      for (let i = 0; i < 5; i++) await writeFile(path.join(dir, 'images', cls, `${i}.png`), await greyPng(9, 9, 40 * i));
    }
  });
  afterAll(() => cleanup());

  const runBundle = async () => JSON.parse((await run(process.execPath, ['run.mjs', path.join(dir, 'images')], { cwd: dir })).stdout);

  it('finds decodeWorker.mjs beside the bundle and decodes on worker threads', async () => {
    const result = await runBundle();
    expect(result.sizes).toEqual([4, 4, 2]);
    expect(result.threads).toHaveLength(2);
    expect(result.threads).not.toContain(result.main);
  });

  it('says what is missing when decodeWorker.mjs was not built', async () => {
    await rm(path.join(dir, 'node', 'decodeWorker.mjs'));
    const result = await runBundle();
    expect(result.error).toMatch(/Decode worker not found at .*node\/decodeWorker\.mjs: expected decodeWorker\.mjs beside the bundle/);
  });
});
