import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPreset } from '../graph/presets';
import { exportPytorchBundle } from './export';
import { jobName } from './launchFiles';
import { toYaml } from './yaml';

const run = promisify(execFile);

/** Parses YAML with PyYAML (Debian's python3-yaml), a parser that shares no code with ours; JSON back. */
async function parseYaml(text: string): Promise<unknown> {
  const script = 'import json, sys, yaml; print(json.dumps(yaml.safe_load(sys.stdin.read())))';
  const child = execFile('python3', ['-c', script]);
  child.stdin!.end(text);
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d));
  child.stderr!.on('data', (d: Buffer) => (err += d));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`PyYAML could not parse it: ${err}`);
  return JSON.parse(out);
}

interface Replica {
  replicas: number;
  restartPolicy: string;
  template: { spec: { containers: { name: string; image: string; command: string[]; resources: unknown }[]; volumes: { persistentVolumeClaim: { claimName: string } }[] } };
}
interface Manifest { apiVersion: string; kind: string; metadata: { name: string }; spec: { pytorchReplicaSpecs: Record<string, Replica> } }

let root = '';
afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

describe('toYaml', () => {
  it('writes data that a YAML parser reads back unchanged, odd strings included', async () => {
    const value = {
      plain: 'abc', quoted: 'a: b # c', shell: 'cd /x && exec torchrun "$MASTER_ADDR:$MASTER_PORT" $resume', multi: 'one\ntwo',
      number: 3, yes: true, none: null, 'nvidia.com/gpu': 2, 'odd key': 'v', empty: [], nested: [{ a: 1, b: [1, 'x'] }, 'y', [2, 3]],
    };
    expect(await parseYaml(toYaml(value))).toEqual(value);
  });
});

describe('cluster launch files in the PyTorch bundle', () => {
  it('writes a Slurm script that bash accepts and a PyTorchJob with the fields the operator requires, for the data path given', async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'launch-'));
    const bundle = path.join(root, 'bundle');
    const result = await exportPytorchBundle({ ...loadPreset('small-cnn'), name: 'Small CNN: test #1' }, bundle, {
      config: { data: { dir: '/home/me/images' }, epochs: 3 },
      launch: { nodes: 3, gpusPerNode: 4, image: 'registry.example/inception:1', dataPath: '/mnt/shared/flowers', bundlePath: '/mnt/shared/bundle', maxRestarts: 2 },
    });
    expect(result.files).toEqual(expect.arrayContaining(['train.slurm', 'pytorchjob.yaml']));
    const job = JSON.parse(await readFile(path.join(bundle, 'job.json'), 'utf8'));
    expect(job.config.data.dir).toBe('/mnt/shared/flowers');

    const slurmFile = path.join(bundle, 'train.slurm');
    await run('bash', ['-n', slurmFile]);
    expect((await stat(slurmFile)).mode & 0o111).not.toBe(0);
    const slurm = await readFile(slurmFile, 'utf8');
    expect(slurm).toMatch(/^#!\/bin\/bash\n/);
    expect(slurm).toContain('#SBATCH --nodes=3');
    expect(slurm).toContain('#SBATCH --gpus-per-node=4');
    expect(slurm).toContain(`#SBATCH --job-name=${jobName('Small CNN: test #1')}`);
    expect(slurm).toContain('head_node="$(scontrol show hostnames "$SLURM_JOB_NODELIST" | head -n 1)"');
    expect(slurm).toMatch(/srun .*torchrun --nnodes "\$SLURM_NNODES" --nproc_per_node 4 --rdzv_id "\$SLURM_JOB_ID" --rdzv_backend c10d --rdzv_endpoint "\$head_node:\$RDZV_PORT" --max_restarts 2/);
    expect(slurm).toContain('BUNDLE_DIR="${BUNDLE_DIR:-/mnt/shared/bundle}"');

    const manifest = (await parseYaml(await readFile(path.join(bundle, 'pytorchjob.yaml'), 'utf8'))) as Manifest;
    expect(manifest).toMatchObject({ apiVersion: 'kubeflow.org/v1', kind: 'PyTorchJob', metadata: { name: 'inception-small-cnn-test-1' } });
    expect(manifest.metadata.name).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
    const specs = manifest.spec.pytorchReplicaSpecs;
    expect(Object.keys(specs)).toEqual(['Master', 'Worker']);
    expect(specs.Master.replicas).toBe(1);
    expect(specs.Worker.replicas).toBe(2);
    for (const spec of [specs.Master, specs.Worker]) {
      expect(spec.restartPolicy).toBe('OnFailure');
      const [container] = spec.template.spec.containers;
      expect(container).toMatchObject({ name: 'pytorch', image: 'registry.example/inception:1', resources: { limits: { 'nvidia.com/gpu': 4 } } });
      expect(container.command.slice(0, 2)).toEqual(['bash', '-c']);
      expect(container.command[2]).toContain('torchrun --nnodes 3 --nproc_per_node 4 --rdzv_id inception-small-cnn-test-1 --rdzv_backend c10d --rdzv_endpoint "$MASTER_ADDR:$MASTER_PORT" --max_restarts 2 inception_runner.py job.json');
      expect(container.command[2]).toMatch(/^cd \/mnt\/shared\/bundle && /);
      await run('bash', ['-n', '-c', container.command[2]]);
      expect(spec.template.spec.volumes[0].persistentVolumeClaim.claimName).toBe('inception-workspace');
    }
    const readme = await readFile(path.join(bundle, 'README.md'), 'utf8');
    expect(readme).toContain('sbatch train.slurm');
    expect(readme).toContain('kubectl apply -f pytorchjob.yaml');
  });

  it('makes a one-machine CPU job without Worker pods and keeps the data folder of the config when none is given', async () => {
    const bundle = path.join(root, 'cpu');
    await exportPytorchBundle(loadPreset('small-cnn'), bundle, { config: { data: { dir: '/data/shapes' } }, launch: { nodes: 1, gpusPerNode: 0 } });
    expect(JSON.parse(await readFile(path.join(bundle, 'job.json'), 'utf8')).config.data.dir).toBe('/data/shapes');
    const manifest = (await parseYaml(await readFile(path.join(bundle, 'pytorchjob.yaml'), 'utf8'))) as Manifest;
    expect(Object.keys(manifest.spec.pytorchReplicaSpecs)).toEqual(['Master']);
    expect(manifest.spec.pytorchReplicaSpecs.Master.template.spec.containers[0].resources).toEqual({ requests: { cpu: '1' } });
    const slurm = await readFile(path.join(bundle, 'train.slurm'), 'utf8');
    expect(slurm).not.toContain('--gpus-per-node');
    await run('bash', ['-n', path.join(bundle, 'train.slurm')]);
  });
});
