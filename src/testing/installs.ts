import { existsSync } from 'node:fs';
import { FASHION_MNIST_DIR, fashionMnistAvailable, type FashionMnistSplit } from '../data/testing/fashionMnist';
import type { TorchStatus } from '../torch/detect';
import type { Requirement } from './requirements';

// What `npm run test:setup` installs, as requirements for `needs` (./requirements.ts).

/** Debian's `dataset-fashion-mnist`: both splits, or the one named. */
export function fashionMnist(split?: FashionMnistSplit): Requirement {
  return {
    name: `Fashion-MNIST${split ? ` (${split})` : ''}`,
    missing: fashionMnistAvailable(split) ? null : `its IDX files are not in ${FASHION_MNIST_DIR} (apt-get install dataset-fashion-mnist)`,
  };
}

/** A Python that imports torch, as the PyTorch engine finds it. */
export function torchInstalled(status: TorchStatus): Requirement {
  return { name: 'torch', missing: status.available ? null : status.reason ?? 'not found' };
}

/** torch built with gloo, for DistributedDataParallel on CPUs under torchrun. */
export function torchGloo(status: TorchStatus): Requirement {
  if (!status.available) return torchInstalled(status);
  return { name: 'torch with gloo', missing: status.distributed.gloo ? null : `torch ${status.torchVersion} at ${status.python} has no gloo backend` };
}

/** The BLAS alternative Debian's torch links through (`libblas.so.3`). */
export const DEBIAN_BLAS_ALTERNATIVE = `/etc/alternatives/libblas.so.3-${process.arch === 'arm64' ? 'aarch64' : 'x86_64'}-linux-gnu`;

/** Debian's python3-torch, run by /usr/bin's Python, with its BLAS chosen through the alternatives system. */
export function debianTorch(status: TorchStatus): Requirement {
  const name = "Debian's python3-torch";
  if (!status.available) return { name, missing: status.reason ?? 'torch not found' };
  if (!status.python?.startsWith('/usr/bin/')) return { name, missing: `the torch found is ${status.python}'s, not /usr/bin's (apt-get install python3-torch)` };
  if (!existsSync(DEBIAN_BLAS_ALTERNATIVE)) return { name, missing: `${DEBIAN_BLAS_ALTERNATIVE} is missing (apt-get install libblas3)` };
  return { name, missing: null };
}
