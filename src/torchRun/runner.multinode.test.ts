import { execFileSync } from 'node:child_process';
import { readdir, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPreset } from '../graph/presets';
import { trainEvent, type TrainEvent } from '../contract/events';
import { detectTorch } from '../torch/detect';
import { torchRunPaths, type TorchRun } from './runner';
import { startNewTorchRun } from '../service/testing/preparedRuns';
import { writeGreyClassFolder } from './testing/classFolder';
import { torchGloo } from '../testing/installs';
import { needs } from '../testing/requirements';

const torch = await detectTorch();

/** A TCP port nothing listens on now. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

interface Node { run: TorchRun; events: TrainEvent[]; logs: string[] }

/** Two torchrun launches, as two machines would start them, joining one c10d rendezvous on loopback. */
async function launchTwoNodes(runDir: string, data: string, torchOptions: Record<string, unknown>, extra: Record<string, unknown> = {}): Promise<Node[]> {
  const port = await freePort();
  return Promise.all([0, 1].map(async (nodeRank) => {
    const events: TrainEvent[] = [];
    const logs: string[] = [];
    const run = await startNewTorchRun({
      runDir, graph: loadPreset('small-cnn'), fixClasses: true, onEvent: (e) => events.push(e), onLog: (l) => logs.push(l),
      config: {
        data: { dir: data }, batchSize: 4, seed: 3, ...extra,
        torch: { workers: 0, threads: 1, ...torchOptions, distributed: { nprocPerNode: 1, nnodes: 2, nodeRank, rdzvEndpoint: `127.0.0.1:${port}`, ...(torchOptions.distributed as object) } },
      },
    });
    return { run, events, logs };
  }));
}

const metricsOf = async (runDir: string) =>
  (await readFile(torchRunPaths(runDir).metrics, 'utf8')).trim().split('\n').map((l) => trainEvent.parse(JSON.parse(l)));

/** The worker processes (inception_runner.py) that a torchrun launch started. */
function workersOf(launchPid: number): number[] {
  const out = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(launchPid)], { encoding: 'utf8' });
  return out.trim().split('\n').filter((l) => l.includes('inception_runner.py')).map((l) => Number(l.trim().split(/\s+/)[0]));
}

describe.runIf(needs(torchGloo(torch)))('two nodes on loopback (torchrun, c10d rendezvous, gloo)', () => {
  let root = '';
  let data = '';
  // Long enough an epoch (60 steps a rank) that the kill below, at step 3, lands inside the first one however fast
  // the machine (the kill follows within 10 ms of the event).
  let longEpochs = '';
  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'multinode-'));
    data = path.join(root, 'data');
    await writeGreyClassFolder(data, { classes: 2, perClass: 60, size: 28 });
    longEpochs = path.join(root, 'long');
    await writeGreyClassFolder(longEpochs, { classes: 2, perClass: 300, size: 28 });
  });
  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('trains small-cnn for an epoch with one event stream and one set of checkpoints', async () => {
    const runDir = path.join(root, 'run');
    const nodes = await launchTwoNodes(runDir, data, {}, { epochs: 1 });
    const results = await Promise.all(nodes.map((n) => n.run.finished));
    for (const [i, r] of results.entries()) expect(r.status, nodes[i].logs.slice(-20).join('\n')).toBe('completed');
    // Rank 0 lands on whichever node joined first; that launch carries the run's events.
    const streams = nodes.filter((n) => n.events.some((e) => e.type === 'batch'));
    expect(streams).toHaveLength(1);
    const main = streams[0];
    expect(await metricsOf(runDir)).toEqual(main.events);
    expect(main.events[0]).toMatchObject({ type: 'start', engine: 'torch', trainSize: 96, valSize: 24, stepsPerEpoch: 12 });
    expect((main.events[0] as { backend: string }).backend).toContain('2 processes, gloo');
    expect(main.events.filter((e) => e.type === 'batch').map((e) => (e as { step: number }).step)).toEqual([...Array(12).keys()]);
    expect(main.events.at(-1)).toMatchObject({ type: 'end', status: 'completed', epochsDone: 1 });
    // The other node's launch hears only how the run started and ended.
    const other = nodes.find((n) => n !== main)!;
    expect(other.events.map((e) => e.type)).toEqual(['start', 'end']);
    expect(await readdir(torchRunPaths(runDir).checkpoints)).toEqual(['best', 'last']);
    expect(await readdir(path.dirname(torchRunPaths(runDir).last))).toEqual(['checkpoint.pt']);
  }, 180_000);

  it('restarts the group when a worker is killed mid-epoch and resumes from the last checkpoint', async () => {
    const runDir = path.join(root, 'elastic');
    const nodes = await launchTwoNodes(runDir, longEpochs, { checkpointEverySteps: 2, distributed: { maxRestarts: 2 } }, { epochs: 2 });
    // Once rank 0 reports step 3 (a checkpoint was written at step 2), freeze and kill the other node's worker.
    const killed = await new Promise<number>((resolve, reject) => {
      const timer = setInterval(() => {
        const main = nodes.find((n) => n.events.some((e) => e.type === 'batch' && e.step >= 3));
        if (!main) return;
        clearInterval(timer);
        const victim = workersOf(nodes.find((n) => n !== main)!.run.pid!)[0];
        if (!victim) return reject(new Error('no worker process found under the other torchrun'));
        process.kill(victim, 'SIGSTOP');
        process.kill(victim, 'SIGKILL');
        resolve(victim);
      }, 10);
    });
    expect(killed).toBeGreaterThan(0);
    const results = await Promise.all(nodes.map((n) => n.run.finished));
    for (const [i, r] of results.entries()) expect(r.status, nodes[i].logs.slice(-30).join('\n')).toBe('completed');

    const events = await metricsOf(runDir);
    const starts = events.filter((e) => e.type === 'start');
    expect(starts).toHaveLength(2);
    const restarted = starts[1] as Extract<TrainEvent, { type: 'start' }>;
    expect(restarted.restart).toMatchObject({ attempt: expect.any(Number), maxRestarts: 2 });
    expect(restarted.restart!.reason.length).toBeGreaterThan(0);
    // It resumes at the step of the last checkpoint written before the failure, inside the first epoch.
    const before = events.slice(0, events.indexOf(restarted));
    const lastCheckpoint = before.filter((e) => e.type === 'checkpoint' && e.kind === 'last').at(-1) as { step: number; epoch: number };
    expect(restarted.fromStep).toBe(lastCheckpoint.step);
    expect(lastCheckpoint.step % restarted.stepsPerEpoch).not.toBe(0);
    const after = events.slice(events.indexOf(restarted));
    expect(after.filter((e) => e.type === 'batch').map((e) => (e as { step: number }).step)[0]).toBe(lastCheckpoint.step);
    expect(after.filter((e) => e.type === 'batch').at(-1)).toMatchObject({ step: 2 * restarted.stepsPerEpoch - 1 });
    expect(events.filter((e) => e.type === 'end')).toEqual([expect.objectContaining({ status: 'completed', epochsDone: 2 })]);
    expect(events.filter((e) => e.type === 'epoch').map((e) => (e as { epoch: number }).epoch)).toEqual([0, 1]);
  }, 240_000);
});
