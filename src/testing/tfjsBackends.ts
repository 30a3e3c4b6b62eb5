import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Whether `require(name)` succeeds in a fresh Node process started in the repository. */
export function loadsInNode(name: string): boolean {
  const result = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(name)})`], {
    cwd: REPO_ROOT,
    stdio: 'ignore',
    timeout: 60_000,
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1', TF_CPP_MIN_LOG_LEVEL: '2' },
  });
  return result.status === 0;
}

/**
 * The TF.js backends this machine should offer, best first, found by the tests themselves rather than by
 * the app's detection: each native package where it loads, then wasm and cpu (plain dependencies).
 */
export function tfjsBackendsHere(): ('tensorflow-gpu' | 'tensorflow' | 'wasm' | 'cpu')[] {
  const native = [
    { name: 'tensorflow-gpu', pkg: '@tensorflow/tfjs-node-gpu' },
    { name: 'tensorflow', pkg: '@tensorflow/tfjs-node' },
  ] as const;
  return [...native.filter((n) => loadsInNode(n.pkg)).map((n) => n.name), 'wasm', 'cpu'];
}
