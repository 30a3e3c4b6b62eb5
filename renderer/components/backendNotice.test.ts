import { describe, expect, it } from 'vitest';
import type { EnginesReport } from '../../src/service/api';
import { torchEngineStatus, type TorchStatus } from '../../src/torch/detect';
import { missingSignature, unavailableParts } from './backendNotice';

const torchOnCpu: TorchStatus = {
  available: true, python: '/usr/bin/python3', source: 'system', pythonVersion: '3.11', torchVersion: '2.1.0', torchvisionVersion: null,
  pillowVersion: '9', cudaVersion: null, devices: [{ type: 'cpu', id: 'cpu', name: 'CPU', memoryBytes: null, detail: '2 cores' }],
  defaultDevice: 'cpu', distributed: { gloo: true, nccl: false }, blas: null, tried: [], install: null,
};
const noTorch: TorchStatus = { ...torchOnCpu, available: false, python: null, torchVersion: null, devices: [], defaultDevice: null, reason: 'no Python here imports torch', install: 'apt-get install python3-torch' };

const tfjs: EnginesReport['engines'][number] = {
  id: 'tfjs', title: 'TF.js', available: true, active: 'wasm',
  backends: [
    { name: 'tensorflow-gpu', package: '@tensorflow/tfjs-node-gpu', available: false, reason: 'not installed' },
    { name: 'wasm', package: '@tensorflow/tfjs-backend-wasm', available: true },
  ],
};

describe('unavailableParts', () => {
  it('leaves out what only another platform has: no MPS on Linux, no CUDA on macOS', () => {
    const onLinux = unavailableParts({ engines: [tfjs, torchEngineStatus(torchOnCpu, 'linux')] });
    expect(onLinux.map((m) => m.key)).toEqual(['tfjs/tensorflow-gpu', 'torch/cuda']);
    const onMac = unavailableParts({ engines: [torchEngineStatus(torchOnCpu, 'darwin')] });
    expect(onMac.map((m) => m.key)).toEqual(['torch/mps']);
  });

  it('names a missing engine once, with its reason, not each of its devices', () => {
    const missing = unavailableParts({ engines: [torchEngineStatus(noTorch, 'linux')] });
    expect(missing).toEqual([{ key: 'torch', what: 'PyTorch engine', reason: 'no Python here imports torch' }]);
  });

  it('gives the same set the same signature, whatever its order', () => {
    expect(missingSignature([{ key: 'b', what: '', reason: '' }, { key: 'a', what: '', reason: '' }])).toBe('a b');
  });
});
