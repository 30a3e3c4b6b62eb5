import { execFile } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { pythonAssetsDir } from './paths';
import { cachedProbe } from './probeCache';
import { pythonEnv } from './python';
import type { TorchEngineStatus } from '../contract/engines';

/** One device the PyTorch engine can train on. */
export interface TorchDevice {
  type: 'cuda' | 'mps' | 'cpu';
  /** `cuda:0`, `mps`, `cpu`. */
  id: string;
  name: string;
  /** Total memory of a GPU; null for the CPU and MPS (shared memory). */
  memoryBytes: number | null;
  /** E.g. compute capability, bf16 support, core count. */
  detail: string;
}

/** One interpreter looked at, and what came of it. */
export interface PythonCandidate {
  path: string;
  /** Where it came from: `INCEPTION_PYTHON`, `configured`, `PATH`, `system`, `.venv`, `VIRTUAL_ENV`, `CONDA_PREFIX`. */
  source: string;
  outcome: 'torch' | 'no-torch' | 'failed';
  detail: string;
}

/** Whether the PyTorch engine can run here, on what, and if not, what would fix it. */
export interface TorchStatus {
  available: boolean;
  /** The interpreter the engine uses; null when none imports torch. */
  python: string | null;
  source: string | null;
  pythonVersion: string | null;
  torchVersion: string | null;
  torchvisionVersion: string | null;
  /** Pillow reads image folders; without it the runner can only train on synthetic data. */
  pillowVersion: string | null;
  cudaVersion: string | null;
  /** GPUs first, then the CPU. */
  devices: TorchDevice[];
  /** The device a run uses unless told otherwise. */
  defaultDevice: 'cuda' | 'mps' | 'cpu' | null;
  /** DistributedDataParallel under torchrun: gloo (CPU) and NCCL (GPU). */
  distributed: { gloo: boolean; nccl: boolean };
  /** The BLAS behind torch's Dense layers where the probe could tell (Linux); `reference` is slow. */
  blas: NonNullable<ProbeReport['blas']> | null;
  tried: PythonCandidate[];
  /** Why the engine is not available; absent when it is. */
  reason?: string;
  /** The command that would install torch here; null when it is installed. */
  install: string | null;
}

/** What `probe.py` prints about an interpreter (checked where it arrives: it comes from another process). */
const probeReportSchema = z.object({
  python: z.string(),
  executable: z.string(),
  cpuCores: z.number(),
  error: z.string().optional(),
  torch: z.string().optional(),
  torchvision: z.string().nullable().optional(),
  pillow: z.string().nullable().optional(),
  cuda: z.array(z.object({ name: z.string(), memoryBytes: z.number(), capability: z.string() })).optional(),
  cudaError: z.string().optional(),
  cudaVersion: z.string().nullable().optional(),
  cudaBf16: z.boolean().optional(),
  mps: z.boolean().optional(),
  cpuBf16: z.boolean().optional(),
  cpuAmx: z.boolean().optional(),
  /** The BLAS torch's Dense layers run on (Linux): `reference` is netlib's unoptimised one; null when unknown. */
  blas: z.enum(['reference', 'openblas', 'mkl', 'blis']).nullable().catch(null).optional(),
  gloo: z.boolean().optional(),
  nccl: z.boolean().optional(),
});
type ProbeReport = z.infer<typeof probeReportSchema>;

const isWindows = process.platform === 'win32';
const exe = (dir: string, name: string) => path.join(dir, isWindows ? `${name}.exe` : name);
const venvPython = (root: string) => (isWindows ? path.join(root, 'Scripts', 'python.exe') : path.join(root, 'bin', 'python'));
const isFile = (p: string) => {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
};

/** Interpreters to try, in order: configured first, then PATH, the system one and common virtual environments. */
export function pythonCandidates(configured?: string): { path: string; source: string }[] {
  const list: { path: string; source: string }[] = [];
  const env = process.env;
  if (env.INCEPTION_PYTHON) list.push({ path: env.INCEPTION_PYTHON, source: 'INCEPTION_PYTHON' });
  if (configured) list.push({ path: configured, source: 'configured' });
  for (const name of isWindows ? ['python', 'py'] : ['python3', 'python']) {
    for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
      const file = exe(dir, name);
      if (isFile(file)) {
        list.push({ path: file, source: 'PATH' });
        break;
      }
    }
  }
  if (!isWindows) list.push({ path: '/usr/bin/python3', source: 'system' });
  list.push({ path: venvPython(path.resolve('.venv')), source: '.venv' });
  list.push({ path: venvPython(path.join(os.homedir(), '.venv')), source: '~/.venv' });
  if (env.VIRTUAL_ENV) list.push({ path: venvPython(env.VIRTUAL_ENV), source: 'VIRTUAL_ENV' });
  if (env.CONDA_PREFIX) list.push({ path: isWindows ? path.join(env.CONDA_PREFIX, 'python.exe') : path.join(env.CONDA_PREFIX, 'bin', 'python'), source: 'CONDA_PREFIX' });
  const seen = new Set<string>();
  return list.filter((c) => {
    const key = path.resolve(c.path);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function probe(python: string, timeoutMs: number): Promise<ProbeReport | { failure: string }> {
  const script = path.join(pythonAssetsDir(), 'inception_torch', 'probe.py');
  return new Promise((resolve) => {
    execFile(python, [script], { env: pythonEnv(), timeout: timeoutMs, windowsHide: true }, (error, stdout, stderr) => {
      const line = stdout.trim().split('\n').filter((l) => l.startsWith('{')).at(-1);
      if (line) {
        try {
          const parsed = probeReportSchema.safeParse(JSON.parse(line));
          if (parsed.success) return resolve(parsed.data);
          const issue = parsed.error.issues[0];
          return resolve({ failure: `probe.py answered outside its schema at ${issue.path.join('.') || '(root)'}: ${issue.message}` });
        } catch {
          // fall through to the failure below
        }
      }
      const why = error?.killed ? `did not answer within ${timeoutMs / 1000} s` : (stderr || error?.message || 'no output').trim().split('\n').at(-1)!;
      resolve({ failure: why });
    });
  });
}

/** The command that installs torch for this system (and interpreter, when one was found). */
export function installCommand(python: string | null): string {
  if (!isWindows && existsSync('/etc/debian_version') && (python === null || python === '/usr/bin/python3')) {
    return 'sudo apt-get install python3-torch python3-torchvision python3-pil libopenblas0-pthread';
  }
  const interpreter = python ? `"${python}"` : isWindows ? 'py' : 'python3';
  return `${interpreter} -m pip install torch torchvision`;
}

/** Debian's python3-torch falls back to netlib's BLAS when no optimised one is installed. */
export const REFERENCE_BLAS_ADVICE =
  'torch runs Dense layers on the unoptimised reference BLAS here (about 14× slower): sudo apt-get install libopenblas0-pthread';

function statusFrom(report: ProbeReport, candidate: { path: string; source: string }, tried: PythonCandidate[]): TorchStatus {
  const devices: TorchDevice[] = (report.cuda ?? []).map((gpu, i) => ({
    type: 'cuda',
    id: `cuda:${i}`,
    name: gpu.name,
    memoryBytes: gpu.memoryBytes,
    detail: `compute capability ${gpu.capability}${report.cudaBf16 ? ', bf16' : ''}, CUDA ${report.cudaVersion}`,
  }));
  if (report.mps) devices.push({ type: 'mps', id: 'mps', name: 'Apple GPU (Metal)', memoryBytes: null, detail: 'shared memory' });
  devices.push({
    type: 'cpu',
    id: 'cpu',
    name: `CPU (${report.cpuCores} cores)`,
    memoryBytes: null,
    detail: report.cpuBf16
      ? `${report.cpuAmx ? 'AMX-BF16' : 'AVX512-BF16'}: channels_last; bf16 autocast if measured faster than fp32 at the start`
      : 'fp32 + channels_last',
  });
  if (report.blas === 'reference') {
    devices[devices.length - 1].detail += `; ${REFERENCE_BLAS_ADVICE}`;
  }
  return {
    available: true,
    python: candidate.path,
    source: candidate.source,
    pythonVersion: report.python,
    torchVersion: report.torch ?? null,
    torchvisionVersion: report.torchvision ?? null,
    pillowVersion: report.pillow ?? null,
    cudaVersion: report.cudaVersion ?? null,
    devices,
    defaultDevice: devices[0].type,
    distributed: { gloo: report.gloo ?? false, nccl: report.nccl ?? false },
    blas: report.blas ?? null,
    tried,
    install: null,
  };
}

const absent = (tried: PythonCandidate[], install: string): TorchStatus => ({
  available: false, python: null, source: null, pythonVersion: null, torchVersion: null, torchvisionVersion: null,
  pillowVersion: null, cudaVersion: null, devices: [], defaultDevice: null, distributed: { gloo: false, nccl: false }, blas: null, tried, install,
});

const cache = new Map<string, Promise<TorchStatus>>();

/**
 * Finds a Python that imports torch and reports its versions and devices. Candidates: the configured
 * path (`INCEPTION_PYTHON` or `options.python`), then `python3`/`python` on PATH, `/usr/bin/python3`,
 * `./.venv`, `~/.venv`, `$VIRTUAL_ENV` and `$CONDA_PREFIX`; with `onlyGiven`, `options.python` alone. Cached per process,
 * and on disk while the interpreter and its packages stay the same (`probeCache.ts`); `refresh` probes again.
 * @example const status = await detectTorch(); if (!status.available) console.log(status.install);
 */
export function detectTorch(options: { python?: string; refresh?: boolean; timeoutMs?: number; onlyGiven?: boolean } = {}): Promise<TorchStatus> {
  const key = `${process.env.INCEPTION_PYTHON ?? ''}\0${options.python ?? ''}\0${options.onlyGiven ? 'only' : ''}`;
  if (!options.refresh && cache.has(key)) return cache.get(key)!;
  const promise = (async (): Promise<TorchStatus> => {
    const tried: PythonCandidate[] = [];
    const probeScript = path.join(pythonAssetsDir(), 'inception_torch', 'probe.py');
    if (!existsSync(probeScript)) {
      return { ...absent(tried, installCommand(null)), reason: `the PyTorch engine's Python files are missing (${probeScript}); reinstall the app, or set INCEPTION_PYTHON_ASSETS to its assets/python folder` };
    }
    let withoutTorch: string | null = null;
    const candidates = options.onlyGiven && options.python ? [{ path: options.python, source: 'configured' }] : pythonCandidates(options.python);
    for (const candidate of candidates) {
      if (!isFile(candidate.path)) {
        if (['INCEPTION_PYTHON', 'configured'].includes(candidate.source)) {
          tried.push({ ...candidate, outcome: 'failed', detail: 'no such file' });
        }
        continue;
      }
      const report = await cachedProbe(candidate.path, probeScript, () => probe(candidate.path, options.timeoutMs ?? 60_000), {
        fresh: options.refresh,
        keep: (answer) => !('failure' in answer) && !answer.error && !!answer.torch,
        check: (cached) => probeReportSchema.safeParse(cached).data ?? null,
        withoutTorch: ({ python, executable, cpuCores }) => ({ python, executable, cpuCores, error: "ModuleNotFoundError: No module named 'torch'" }),
      });
      if ('failure' in report) {
        tried.push({ ...candidate, outcome: 'failed', detail: report.failure });
      } else if (report.error || !report.torch) {
        tried.push({ ...candidate, outcome: 'no-torch', detail: `Python ${report.python}: ${report.error ?? 'no torch'}` });
        withoutTorch ??= candidate.path;
      } else {
        tried.push({ ...candidate, outcome: 'torch', detail: `Python ${report.python}, torch ${report.torch}` });
        return statusFrom(report, candidate, tried);
      }
    }
    const install = installCommand(withoutTorch);
    return {
      ...absent(tried, install),
      reason: tried.length
        ? `no Python here imports torch (tried ${tried.map((t) => `${t.path}: ${t.detail}`).join('; ')}); install it with \`${install}\`, or set INCEPTION_PYTHON to an interpreter that has it`
        : `no Python interpreter found; install Python 3 and torch (\`${install}\`), or set INCEPTION_PYTHON`,
    };
  })();
  cache.set(key, promise);
  return promise;
}

/** Summarises a TorchStatus as an engine with one backend per device type; MPS is macOS's, CUDA everyone else's. */
export function torchEngineStatus(status: TorchStatus, platform: NodeJS.Platform = process.platform): TorchEngineStatus {
  const pkg = status.python ? `torch ${status.torchVersion} (${status.python})` : 'torch';
  const has = (type: TorchDevice['type']) => status.devices.filter((d) => d.type === type);
  const gpuDetail = (d: TorchDevice) => `${d.name}${d.memoryBytes ? `, ${(d.memoryBytes / 2 ** 30).toFixed(1)} GiB` : ''} (${d.detail})`;
  const missing = status.available ? undefined : status.reason;
  const backends: TorchEngineStatus['backends'] = [
    has('cuda').length
      ? { name: 'cuda', package: pkg, available: true, detail: has('cuda').map(gpuDetail).join('; ') }
      : { name: 'cuda', package: pkg, available: false, reason: missing ?? `no CUDA GPU visible to torch ${status.torchVersion}${status.torchVersion?.includes('+cpu') ? ' (a CPU-only build)' : ''}`, ...(platform === 'darwin' && { otherPlatform: true }) },
    has('mps').length
      ? { name: 'mps', package: pkg, available: true, detail: 'Apple GPU through Metal' }
      : { name: 'mps', package: pkg, available: false, reason: missing ?? 'Apple silicon GPUs only', ...(platform !== 'darwin' && { otherPlatform: true }) },
    has('cpu').length
      ? { name: 'cpu', package: pkg, available: true, detail: `${has('cpu')[0].name}, ${has('cpu')[0].detail}` }
      : { name: 'cpu', package: pkg, available: false, reason: missing },
  ];
  return { id: 'torch', title: 'PyTorch', available: status.available, active: status.defaultDevice, backends };
}
