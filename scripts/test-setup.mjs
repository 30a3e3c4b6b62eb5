// Installs what the tests need beyond npm: Debian's Chromium for the Playwright end-to-end tests and
// Debian's Fashion-MNIST for real images in the data and training tests, Debian's PyTorch, and Debian's
// python3-onnx to check the ONNX files we write.
// Where it cannot install (not root, no apt-get), it stops with the exact command to run.
import { execSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const multiarch = process.arch === 'arm64' ? 'aarch64-linux-gnu' : 'x86_64-linux-gnu';
const debianPackages = [
  { name: 'chromium', provides: chromium },
  { name: 'dataset-fashion-mnist', provides: '/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz' },
  // The PyTorch engine's tests (code generation, runner, torchrun, weight parity, ONNX).
  { name: 'python3-torch', provides: '/usr/lib/python3/dist-packages/torch/__init__.py' },
  { name: 'python3-torchvision', provides: '/usr/lib/python3/dist-packages/torchvision/__init__.py' },
  { name: 'python3-pil', provides: '/usr/lib/python3/dist-packages/PIL/__init__.py' },
  // The ONNX export's tests check the written files with onnx.checker (full_check).
  { name: 'python3-onnx', provides: '/usr/lib/python3/dist-packages/onnx/__init__.py' },
  // Without it Debian's torch runs Dense layers on netlib's reference BLAS, about 14 times slower.
  { name: 'libopenblas0-pthread', provides: `/usr/lib/${multiarch}/openblas-pthread/libblas.so.3` },
];

const missing = debianPackages.filter((p) => !existsSync(p.provides));
if (missing.length === 0) {
  console.log(`test:setup: everything is installed (${debianPackages.map((p) => p.provides).join(', ')}).`);
  process.exit(0);
}

const names = missing.map((p) => p.name).join(' ');
const command = `apt-get update && apt-get install -y --no-install-recommends ${names}`;
const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

if (!hasApt) {
  console.error(`test:setup: missing ${names}, and this system has no apt-get. Install Chromium and set CHROMIUM_PATH to its binary.`);
  process.exit(1);
}
const run = isRoot ? command : `sudo sh -c '${command}'`;
console.log(`test:setup: installing ${names}: ${run}`);
try {
  execSync(run, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
} catch {
  console.error(`test:setup: the install failed. Run this yourself, then try again:\n  sudo sh -c '${command}'`);
  process.exit(1);
}
