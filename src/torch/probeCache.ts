import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readFile, realpath, rename, stat, writeFile } from 'node:fs/promises';
import { readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pythonEnv } from './python';

/**
 * probe.py imports torch (1.5 s of CPU, 4–5 s on a busy 2-core VM) in every process that asks about the engine:
 * each app start, each CLI command, each test file. Its answer is kept on disk per interpreter and reused while
 * nothing it depends on has changed: the interpreter file, the files torch, torchvision and Pillow would be
 * imported from, probe.py itself, the system BLAS it links, and the GPUs the system shows. A day old at most.
 */
const MAX_AGE_MS = 24 * 3600_000;
const MODULES = ['torch', 'torchvision', 'PIL'];
// Where each module would be imported from, without importing it, and the interpreter itself (a bare interpreter
// start, about 40 ms; through a pyenv shim about 0.16 s of CPU).
const FIND_SPECS = [
  'import importlib.util as u, json, os, sys',
  `print(json.dumps({"origins": [getattr(u.find_spec(m), "origin", None) for m in ${JSON.stringify(MODULES)}], "python": sys.version.split()[0], "executable": sys.executable, "cpuCores": os.cpu_count()}))`,
].join('\n');

/** What a bare start of an interpreter tells: where torch, torchvision and Pillow would be imported from. */
export interface InterpreterFacts {
  origins: (string | null)[];
  python: string;
  executable: string;
  cpuCores: number;
}

/** `$INCEPTION_PROBE_CACHE`, else `inception-studio/torch-probe.json` in the user's cache folder. */
export function torchProbeCachePath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.INCEPTION_PROBE_CACHE) return env.INCEPTION_PROBE_CACHE;
  return path.join(env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'inception-studio', 'torch-probe.json');
}

async function fileStamp(file: string | null): Promise<string> {
  if (!file) return '-';
  const s = await stat(file).catch(() => null);
  return s ? `${file}:${s.size}:${s.mtimeMs}` : `${file}:gone`;
}

function interpreterFacts(python: string): Promise<InterpreterFacts | null> {
  return new Promise((resolve) => {
    execFile(python, ['-c', FIND_SPECS], { env: pythonEnv(), timeout: 30_000, windowsHide: true }, (error, stdout) => {
      if (error) return resolve(null);
      try {
        const facts = JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as Partial<InterpreterFacts> | null;
        if (!facts || !Array.isArray(facts.origins) || typeof facts.python !== 'string') return resolve(null);
        resolve({
          origins: facts.origins.map((o) => (typeof o === 'string' ? o : null)),
          python: facts.python,
          executable: typeof facts.executable === 'string' ? facts.executable : python,
          cpuCores: typeof facts.cpuCores === 'number' ? facts.cpuCores : os.availableParallelism(),
        });
      } catch {
        resolve(null);
      }
    });
  });
}

const gpuDevices = () => {
  try {
    return readdirSync('/dev').filter((name) => name.startsWith('nvidia') || name === 'kfd' || name === 'dri').sort().join(',');
  } catch {
    return '';
  }
};

/** What the probe's answer depends on, as one string; null when it cannot be told (then nothing is cached). */
async function fingerprint(origins: (string | null)[], python: string, probeScript: string): Promise<string | null> {
  if (!origins[0]) return null;
  const multiarch = process.arch === 'arm64' ? 'aarch64-linux-gnu' : 'x86_64-linux-gnu';
  const blas = await realpath(`/usr/lib/${multiarch}/libblas.so.3`).catch(() => null);
  const parts = [
    await fileStamp(await realpath(python).catch(() => python)),
    await fileStamp(probeScript),
    ...(await Promise.all(origins.map(fileStamp))),
    await fileStamp(blas),
    gpuDevices(),
    process.env.CUDA_VISIBLE_DEVICES ?? '',
    process.env.PYTHONPATH ?? '',
  ];
  return createHash('sha256').update(parts.join('\n')).digest('hex');
}

type Entries = Record<string, { fingerprint: string; at: number; report: unknown }>;

async function readEntries(file: string): Promise<Entries> {
  try {
    const parsed: unknown = JSON.parse(await readFile(file, 'utf8'));
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Entries) : {};
  } catch {
    return {};
  }
}

/**
 * `probe()`'s answer for `python`, from the disk cache when it still holds, else probed and kept (only answers
 * that found torch). `fresh` probes again and keeps the new answer. `check` reads a cached answer back (it comes
 * from a file): null sends it to the probe again. `withoutTorch` answers for an interpreter in which torch cannot
 * be found (the import would fail), without a second start of it: never kept, since installing torch changes it,
 * and cheap (a pyenv shim on PATH without torch cost two starts of about 0.16 s of CPU each, in every process).
 */
export async function cachedProbe<R>(
  python: string,
  probeScript: string,
  probe: () => Promise<R>,
  options: { fresh?: boolean; keep: (report: R) => boolean; check: (cached: unknown) => R | null; withoutTorch?: (facts: InterpreterFacts) => R },
): Promise<R> {
  const file = torchProbeCachePath();
  const facts = await interpreterFacts(python);
  if (facts && !facts.origins[0] && options.withoutTorch) return options.withoutTorch(facts);
  const print = facts && (await fingerprint(facts.origins, python, probeScript));
  if (print && !options.fresh) {
    const entry = (await readEntries(file))[python];
    const kept = entry && entry.fingerprint === print && Date.now() - entry.at < MAX_AGE_MS ? options.check(entry.report) : null;
    if (kept !== null) return kept;
  }
  const report = await probe();
  if (print && options.keep(report)) {
    const entries = await readEntries(file);
    entries[python] = { fingerprint: print, at: Date.now(), report };
    const temporary = `${file}.${process.pid}.tmp`;
    await mkdir(path.dirname(file), { recursive: true })
      .then(() => writeFile(temporary, JSON.stringify(entries, null, 1)))
      .then(() => rename(temporary, file))
      .catch(() => undefined);
  }
  return report;
}
