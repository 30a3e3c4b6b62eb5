import { chmod, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { toYaml } from './yaml';

/** What the cluster launch files of a training bundle are made for; every field has a default. */
export interface LaunchOptions {
  /** Machines (Slurm nodes, Kubernetes pods). */
  nodes: number;
  /** GPUs per machine; 0 trains on the CPUs (gloo), one process per machine. */
  gpusPerNode: number;
  /** The container image of the Kubernetes job: it needs Python 3 with torch and Pillow. */
  image: string;
  /** The image folder (one sub-folder per class) as the cluster's machines see it; written into job.json. */
  dataPath: string;
  /** Where the bundle folder lies on the cluster (shared storage: it is the run folder, rank 0 writes there). */
  bundlePath: string;
  /** The PersistentVolumeClaim that holds the bundle and the data, mounted at `mountPath` in every pod. */
  volumeClaim: string;
  mountPath: string;
  /** How often torchrun restarts the group after a worker fails; each attempt resumes from the last checkpoint. */
  maxRestarts: number;
  /** The c10d rendezvous port on the first node (Slurm). */
  port: number;
}

export const DEFAULT_LAUNCH: LaunchOptions = {
  nodes: 2,
  gpusPerNode: 1,
  image: 'pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime',
  dataPath: '/workspace/data',
  bundlePath: '/workspace/bundle',
  volumeClaim: 'inception-workspace',
  mountPath: '/workspace',
  maxRestarts: 3,
  port: 29400,
};

export const SLURM_FILE = 'train.slurm';
export const KUBERNETES_FILE = 'pytorchjob.yaml';

/** A name Slurm and Kubernetes accept (RFC 1123 label: lower case, digits, '-', at most 63). */
export function jobName(name: string): string {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 50);
  return `inception-${slug || 'run'}`.replace(/-+$/, '');
}

const processesPerNode = (o: LaunchOptions) => Math.max(1, o.gpusPerNode);

/** torchrun's arguments common to both launchers; `endpoint` is a shell expression. */
function torchrunArgs(o: LaunchOptions, nodes: string, endpoint: string, rdzvId: string): string[] {
  return [
    'torchrun', '--nnodes', nodes, '--nproc_per_node', String(processesPerNode(o)),
    '--rdzv_id', rdzvId, '--rdzv_backend', 'c10d', '--rdzv_endpoint', endpoint,
    '--max_restarts', String(o.maxRestarts),
  ];
}

/** A Slurm batch script: one `torchrun` per node through `srun`, the c10d rendezvous on the allocation's first node. */
export function slurmScript(name: string, o: LaunchOptions): string {
  const gpus = o.gpusPerNode > 0 ? `#SBATCH --gpus-per-node=${o.gpusPerNode}\n` : '';
  const torchrun = torchrunArgs(o, '"$SLURM_NNODES"', '"$head_node:$RDZV_PORT"', '"$SLURM_JOB_ID"');
  return `#!/bin/bash
# Trains "${name.replace(/[\r\n]/g, ' ')}" with Inception Studio's PyTorch runner on ${o.nodes} Slurm node(s), ${o.gpusPerNode || 'no'} GPU(s) each.
# Submit from anywhere:  sbatch ${SLURM_FILE}
# The bundle folder (${o.bundlePath}) must be on storage every node sees: it is the run folder, where rank 0
# writes metrics.jsonl, checkpoints/ and model/. The data path is in job.json (config.data.dir).
#SBATCH --job-name=${jobName(name)}
#SBATCH --nodes=${o.nodes}
#SBATCH --ntasks-per-node=1
${gpus}#SBATCH --output=%x-%j.out
set -euo pipefail

BUNDLE_DIR="\${BUNDLE_DIR:-${o.bundlePath}}"
RDZV_PORT="\${RDZV_PORT:-${o.port}}"
head_node="$(scontrol show hostnames "$SLURM_JOB_NODELIST" | head -n 1)"
cd "$BUNDLE_DIR"

# A resubmitted job continues from its last checkpoint.
resume=()
if [ -f checkpoints/last/checkpoint.pt ]; then resume=(--resume); fi

# torch 1.13 under Python 3.11 needs --redirects 1 --tee 1 (its default stream settings do not parse there).
srun --kill-on-bad-exit=0 ${torchrun.join(' ')} \\
  inception_runner.py job.json "\${resume[@]}"
`;
}

/** A Kubeflow training operator `PyTorchJob`: one Master pod and nodes − 1 Worker pods, each running torchrun. */
export function pytorchJobManifest(name: string, o: LaunchOptions): string {
  const torchrun = torchrunArgs(o, String(o.nodes), '"$MASTER_ADDR:$MASTER_PORT"', jobName(name));
  const script = [
    `cd ${o.bundlePath}`,
    'resume=""; if [ -f checkpoints/last/checkpoint.pt ]; then resume="--resume"; fi',
    `exec ${torchrun.join(' ')} inception_runner.py job.json $resume`,
  ].join(' && ');
  const resources = o.gpusPerNode > 0 ? { limits: { 'nvidia.com/gpu': o.gpusPerNode } } : { requests: { cpu: '1' } };
  const replica = (replicas: number) => ({
    replicas,
    restartPolicy: 'OnFailure',
    template: {
      spec: {
        containers: [{
          name: 'pytorch',
          image: o.image,
          command: ['bash', '-c', script],
          resources,
          volumeMounts: [{ name: 'workspace', mountPath: o.mountPath }],
        }],
        volumes: [{ name: 'workspace', persistentVolumeClaim: { claimName: o.volumeClaim } }],
      },
    },
  });
  const manifest = {
    apiVersion: 'kubeflow.org/v1',
    kind: 'PyTorchJob',
    metadata: { name: jobName(name) },
    spec: {
      pytorchReplicaSpecs: {
        Master: replica(1),
        ...(o.nodes > 1 && { Worker: replica(o.nodes - 1) }),
      },
    },
  };
  const header = [
    `# Trains "${name.replace(/[\r\n]/g, ' ')}" on Kubernetes with the Kubeflow training operator: kubectl apply -f ${KUBERNETES_FILE}`,
    `# ${o.nodes} pod(s), ${o.gpusPerNode || 'no'} GPU(s) each; the image needs Python 3 with torch and Pillow.`,
    `# The claim "${o.volumeClaim}" is mounted at ${o.mountPath} in every pod and must hold this bundle at`,
    `# ${o.bundlePath} (the run folder: rank 0 writes events, checkpoints and the model there) and the images at`,
    `# ${o.dataPath}. The operator sets MASTER_ADDR and MASTER_PORT; the c10d rendezvous runs on the Master pod.`,
  ];
  return `${header.join('\n')}\n${toYaml(manifest)}`;
}

/** The README section that documents the launch files. */
export function launchReadme(o: LaunchOptions): string {
  return `
## On a cluster: Slurm and Kubernetes

Two launch files are ready, made for ${o.nodes} machine(s) with ${o.gpusPerNode || 'no'} GPU(s) each, the images at
\`${o.dataPath}\` (\`job.json\`'s \`config.data.dir\`) and this folder at \`${o.bundlePath}\`, both on storage every
machine sees (this folder is the run folder). Export again with other values, or edit them.

- \`${SLURM_FILE}\`: \`sbatch ${SLURM_FILE}\`. One \`srun torchrun\` per node; the c10d rendezvous on the first node of
  the allocation (port ${o.port}, \`RDZV_PORT\` overrides it), \`--rdzv_id\` the Slurm job id.
- \`${KUBERNETES_FILE}\`: \`kubectl apply -f ${KUBERNETES_FILE}\` with the Kubeflow training operator installed. A
  \`PyTorchJob\` (kubeflow.org/v1) with a Master pod and ${Math.max(0, o.nodes - 1)} Worker pod(s), containers named
  \`pytorch\` running image \`${o.image}\`, restartPolicy OnFailure, the claim \`${o.volumeClaim}\` at \`${o.mountPath}\`.

Both pass \`--max_restarts ${o.maxRestarts}\`: when a worker dies, torchrun restarts the whole group and the runner
resumes from \`checkpoints/last\`, which it then also writes every 100 steps inside an epoch (\`checkpointEverySteps\`
in \`job.json\`'s \`torch\` options sets another interval), so a failure loses at most those steps. A resubmitted job
(or a pod restarted by Kubernetes) continues from the last checkpoint with \`--resume\`.
`;
}

/** Writes `train.slurm` and `pytorchjob.yaml` into a bundle folder; returns their names. */
export async function writeLaunchFiles(outDir: string, name: string, o: LaunchOptions): Promise<string[]> {
  const slurm = path.join(outDir, SLURM_FILE);
  await writeFile(slurm, slurmScript(name, o));
  await chmod(slurm, 0o755);
  await writeFile(path.join(outDir, KUBERNETES_FILE), pytorchJobManifest(name, o));
  return [SLURM_FILE, KUBERNETES_FILE];
}
