import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeFashionMnistFolder } from '../data/testing/fashionMnist';
import { loadPreset } from '../graph/presets';
import { trainEvent, type TrainEvent } from '../contract/events';
import { fashionMnist, torchGloo } from '../testing/installs';
import { needs } from '../testing/requirements';
import { detectTorch } from '../torch/detect';
import { runnerCommand, torchRunPaths } from './runner';
import { startNewTorchRun } from '../service/testing/preparedRuns';
import { parseTorchTrainConfig } from '../contract/runConfig';

const torch = await detectTorch();

describe('runnerCommand', () => {
  it('launches torchrun for several processes, standalone on one machine or with a rendezvous', () => {
    const one = runnerCommand('/py', '/run/job.json', parseTorchTrainConfig({ data: { dir: '/d' } }));
    expect(one.slice(0, 1)).toEqual(['/py']);
    expect(one.at(-1)).toBe('/run/job.json');
    const local = runnerCommand('/py', 'job.json', parseTorchTrainConfig({ data: { dir: '/d' }, torch: { distributed: { nprocPerNode: 2 } } }));
    expect(local.join(' ')).toMatch(/^\/py -m torch\.distributed\.run --standalone --nnodes 1 .*--nproc_per_node 2 .*inception_runner\.py job\.json$/);
    const cluster = runnerCommand('/py', 'job.json', parseTorchTrainConfig({ data: { dir: '/d' }, torch: { distributed: { nprocPerNode: 8, nnodes: 4, rdzvEndpoint: 'head:29400' } } }));
    expect(cluster.join(' ')).toContain('--nnodes 4 --node_rank 0 --rdzv_backend c10d --rdzv_endpoint head:29400');
    expect(cluster).not.toContain('--max_restarts');
    const elastic = runnerCommand('/py', 'job.json', parseTorchTrainConfig({
      data: { dir: '/d' }, torch: { distributed: { nprocPerNode: 2, nnodes: 3, nodeRank: 2, rdzvEndpoint: '10.0.0.1:29500', maxRestarts: 4 } },
    }));
    expect(elastic.join(' ')).toContain('--nnodes 3 --node_rank 2 --rdzv_backend c10d --rdzv_endpoint 10.0.0.1:29500 --max_restarts 4');
    expect(() => parseTorchTrainConfig({ data: { dir: '/d' }, torch: { distributed: { nprocPerNode: 1, nnodes: 2, rdzvEndpoint: 'no-port' } } }))
      .toThrow('training option torch.distributed.rdzvEndpoint: expected HOST:PORT, e.g. 10.0.0.1:29400');
    expect(() => parseTorchTrainConfig({ data: { dir: '/d' }, torch: { distributed: { nprocPerNode: 1, nnodes: 2, nodeRank: 2, rdzvEndpoint: 'h:1' } } }))
      .toThrow('nodeRank must be below nnodes');
  });
});

describe.runIf(needs(torchGloo(torch), fashionMnist('t10k')))('torchrun with 2 CPU processes (gloo)', () => {
  let root = '';
  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('trains small-cnn for an epoch and emits the same event schema, from rank 0 only', async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'torchrun-'));
    const data = path.join(root, 'data');
    await writeFashionMnistFolder(data, { perClass: 20, split: 't10k' });
    const runDir = path.join(root, 'run');
    const events: TrainEvent[] = [];
    const logs: string[] = [];
    const run = await startNewTorchRun({
      runDir, graph: loadPreset('small-cnn'), onEvent: (e) => events.push(e), onLog: (l) => logs.push(l),
      config: { data: { dir: data }, epochs: 1, batchSize: 16, seed: 2, torch: { workers: 0, precision: 'fp32', distributed: { nprocPerNode: 2 } } },
    });
    const result = await run.finished;
    expect(result.status, logs.slice(-20).join('\n')).toBe('completed');
    const lines = (await readFile(torchRunPaths(runDir).metrics, 'utf8')).trim().split('\n');
    expect(lines.map((l) => trainEvent.parse(JSON.parse(l)))).toEqual(events);
    expect(events[0]).toMatchObject({ type: 'start', engine: 'torch', trainSize: 160, valSize: 40, stepsPerEpoch: 5 });
    expect((events[0] as { backend: string }).backend).toContain('2 processes, gloo');
    expect(events.filter((e) => e.type === 'batch').map((e) => (e as { step: number }).step)).toEqual([0, 1, 2, 3, 4]);
    expect(events.filter((e) => e.type === 'epoch')).toHaveLength(1);
    expect(events.at(-1)).toMatchObject({ type: 'end', status: 'completed', epochsDone: 1 });
    const report = JSON.parse(await readFile(path.join(runDir, 'report.json'), 'utf8'));
    expect(report.processes).toBe(2);
    expect(report.validation.count).toBe(40);
  });
});
