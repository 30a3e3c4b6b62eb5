import { existsSync, rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { createRequire, isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DataError } from './errors';

/** File name of the bundled worker, expected beside the bundle that contains the data pipeline. */
export const BUNDLED_WORKER_NAME = 'decodeWorker.mjs';

function toFileUrl(location: URL | string): URL {
  if (location instanceof URL) return location;
  return /^file:/i.test(location) ? new URL(location) : pathToFileURL(path.resolve(location));
}

const compiled = new Map<string, Promise<URL>>();

/**
 * Running from TypeScript source (vitest, a TS runner), Node cannot start a `.ts` entry, so the
 * entry (a worker thread's or a child process's) is bundled with esbuild (a dev dependency) into a
 * temp file, once per process. Package imports are rewritten to absolute URLs so the temp file
 * resolves them from this project.
 */
export function compileEntryFromSource(entryUrl: URL, bundledName: string): Promise<URL> {
  const key = entryUrl.href;
  const existing = compiled.get(key);
  if (existing) return existing;
  const building = (async () => {
    const entry = fileURLToPath(entryUrl);
    let esbuild: typeof import('esbuild');
    try {
      esbuild = await import('esbuild');
    } catch {
      throw new DataError(`Cannot start ${path.basename(entry)} from TypeScript source: esbuild (a dev dependency) is missing; build the bundles with scripts/build-node.mjs`);
    }
    const require = createRequire(import.meta.url);
    const outDir = await mkdtemp(path.join(tmpdir(), 'inception-entry-'));
    process.once('exit', () => rmSync(outDir, { recursive: true, force: true }));
    const outfile = path.join(outDir, bundledName);
    await esbuild.build({
      entryPoints: [entry],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      logLevel: 'silent',
      plugins: [
        {
          name: 'absolute-packages',
          setup(build) {
            build.onResolve({ filter: /^[^./]/ }, (args) =>
              isBuiltin(args.path) ? { path: args.path, external: true } : { path: pathToFileURL(require.resolve(args.path)).href, external: true },
            );
          },
        },
      ],
    });
    return pathToFileURL(outfile);
  })();
  compiled.set(key, building);
  building.catch(() => compiled.delete(key));
  return building;
}

/**
 * Where the decode worker is. An explicit `workerUrl` wins. Otherwise: from TypeScript source,
 * `decodeWorker.ts` compiled on the fly; from a bundle, `decodeWorker.mjs` in the bundle's folder.
 * @throws DataError when the worker file does not exist.
 */
export async function resolveDecodeWorker(workerUrl?: URL | string): Promise<URL> {
  if (workerUrl === undefined && import.meta.url.endsWith('.ts')) return compileEntryFromSource(new URL('./decodeWorker.ts', import.meta.url), BUNDLED_WORKER_NAME);
  const url = workerUrl === undefined ? new URL(`./${BUNDLED_WORKER_NAME}`, import.meta.url) : toFileUrl(workerUrl);
  if (url.protocol === 'file:' && !existsSync(fileURLToPath(url))) {
    throw new DataError(
      `Decode worker not found at ${fileURLToPath(url)}: expected ${BUNDLED_WORKER_NAME} beside the bundle (build src/data/decodeWorker.ts ` +
        `with scripts/build-node.mjs), or pass workerUrl, or workers: 0 to decode in-process.`,
    );
  }
  return url;
}
