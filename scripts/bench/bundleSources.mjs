// Node cannot import the TypeScript sources, so benchmarks bundle the entry points they need with esbuild
// into a temporary folder (packages stay external, resolved through a node_modules link), as dist/node does.
import { build } from 'esbuild';
import { mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * @param {Record<string, string>} entryPoints output name → source path relative to the repository root
 * @returns {Promise<{ work: string, load: (name: string) => Promise<any>, cleanup: () => Promise<void> }>}
 */
export async function bundleSources(entryPoints, prefix = 'inception-bench-') {
  const work = await mkdtemp(path.join(tmpdir(), prefix));
  await symlink(path.join(ROOT, 'node_modules'), path.join(work, 'node_modules'), 'dir');
  await build({
    entryPoints: Object.fromEntries(Object.entries(entryPoints).map(([name, src]) => [name, path.join(ROOT, src)])),
    outdir: path.join(work, 'node'),
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    packages: 'external',
    logLevel: 'warning',
  });
  return {
    work,
    load: (name) => import(pathToFileURL(path.join(work, 'node', `${name}.mjs`)).href),
    cleanup: () => rm(work, { recursive: true, force: true }),
  };
}
