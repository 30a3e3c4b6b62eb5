import os from 'node:os';
import path from 'node:path';
import type { BackendName, BackendStatus, EngineStatus } from '../contract/engines';
import { fileExists, packageDir, packageVersion, tryLoadInChild } from './packages';

/** The TF.js backends, best first. */
export const BACKEND_ORDER: readonly BackendName[] = ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'];

export const BACKEND_PACKAGES: Record<BackendName, string> = {
  'tensorflow-gpu': '@tensorflow/tfjs-node-gpu',
  tensorflow: '@tensorflow/tfjs-node',
  wasm: '@tensorflow/tfjs-backend-wasm',
  cpu: '@tensorflow/tfjs',
};

/** The TF.js packages installed here with their versions, read without loading any of them: which backend loads depends on them. */
export function installedBackends(): string {
  return BACKEND_ORDER.map((name) => {
    const dir = packageDir(BACKEND_PACKAGES[name]);
    return `${BACKEND_PACKAGES[name]}@${dir ? packageVersion(dir) : 'absent'}`;
  }).join(' ');
}

/** tfjs-node-gpu is built for CUDA on Linux and Windows only. */
export const gpuBackendElsewhere = (platform: NodeJS.Platform = process.platform): boolean => platform !== 'linux' && platform !== 'win32';

async function nativeStatus(name: 'tensorflow-gpu' | 'tensorflow'): Promise<BackendStatus> {
  const pkg = BACKEND_PACKAGES[name];
  const base = { name, package: pkg, ...(name === 'tensorflow-gpu' && gpuBackendElsewhere() && { otherPlatform: true }) };
  const what = name === 'tensorflow-gpu' ? 'libtensorflow with CUDA (Linux x64 with an NVIDIA GPU, CUDA 11.2 and cuDNN 8.1)' : 'libtensorflow';
  const dir = packageDir(pkg);
  if (!dir) {
    return {
      ...base,
      available: false,
      reason: `${pkg} is not installed: it is an optional dependency whose install downloads ${what}, and that download failed or was skipped. ` +
        `Training uses a slower backend instead. With internet access, \`npm install ${pkg}\` adds it.`,
    };
  }
  const failure = await tryLoadInChild(pkg);
  if (failure) {
    return { ...base, available: false, reason: `${pkg} is installed but does not load (${failure}); training uses a slower backend instead.` };
  }
  return { ...base, available: true, detail: `${packageVersion(dir)} (native ${what})` };
}

function wasmStatus(): BackendStatus {
  const pkg = BACKEND_PACKAGES.wasm;
  const dir = packageDir(pkg);
  const binary = dir && path.join(dir, 'dist', 'tfjs-backend-wasm-simd.wasm');
  if (!dir || !binary || !fileExists(binary)) {
    return { name: 'wasm', package: pkg, available: false, reason: `${pkg} or its .wasm files are missing; reinstall with \`npm install\`.` };
  }
  return { name: 'wasm', package: pkg, available: true, detail: `${packageVersion(dir)} (WebAssembly, XNNPACK, SIMD; ${os.cpus().length} cores)` };
}

function cpuStatus(): BackendStatus {
  const dir = packageDir(BACKEND_PACKAGES.cpu);
  return {
    name: 'cpu',
    package: BACKEND_PACKAGES.cpu,
    available: dir !== null,
    ...(dir
      ? { detail: `${packageVersion(dir)} (plain JavaScript: fine for inspecting and tiny models, far too slow to train GoogLeNet)` }
      : { reason: '@tensorflow/tfjs is missing; run `npm install`.' }),
  };
}

let cached: Promise<EngineStatus> | null = null;

/** Which TF.js backends are present, which one a job would use, and for each absent one why. Cached per process. */
export function detectTfjsEngine(): Promise<EngineStatus> {
  cached ??= (async () => {
    const [gpu, native] = await Promise.all([nativeStatus('tensorflow-gpu'), nativeStatus('tensorflow')]);
    const backends = [gpu, native, wasmStatus(), cpuStatus()];
    const active = backends.find((b) => b.available)?.name ?? null;
    return { id: 'tfjs', title: 'TensorFlow.js', available: active !== null, active, backends };
  })();
  return cached;
}
