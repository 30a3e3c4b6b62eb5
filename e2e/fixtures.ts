import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { test as base } from '@playwright/test';
import { fashionMnistAvailable, writeFashionMnistFolder } from '../src/data/testing/fashionMnist';

/**
 * Where the specs' screenshots go: the docs' pictures only when asked (`npm run screenshots`), so that an
 * ordinary test run does not rewrite tracked images; otherwise beside the other test results.
 */
export const SHOTS = process.env.INCEPTION_DOC_SCREENSHOTS === '1' ? 'docs/screenshots' : 'test-results/screens';

export interface AppServer {
  /** The URL `inception serve` printed, token included. */
  url: string;
  origin: string;
  token: string;
  workspace: string;
}

/** Starts `inception serve` with extra arguments; resolves with the printed URL and the child process. */
export async function startServe(args: string[]): Promise<{ url: string; child: ChildProcess }> {
  const child: ChildProcess = spawn(process.execPath, ['bin/inception.mjs', 'serve', '--port', '0', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`inception serve printed no URL:\n${log}`)), 30_000);
    const onData = (chunk: Buffer) => {
      log += chunk.toString();
      const match = log.match(/(http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`inception serve exited with ${code}:\n${log}`)));
  });
  return { url, child };
}

/**
 * Stops a host as a user's quit does (SIGTERM: it stops its jobs and ends) and waits until it has ended, so that
 * nothing it started goes on using the cores or writing into a workspace being deleted; killed if it lingers.
 */
export async function stopServe(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const ended = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  await ended;
  clearTimeout(timer);
}

/**
 * A host with a fresh workspace that is also allowed a temporary folder (--root), both filled by `prepare` first;
 * `use` runs while it serves, then both folders go.
 */
export async function serveWithDataRoot<T>(
  prepare: (dataRoot: string, workspace: string) => Promise<T>,
  use: (host: { url: string; workspace: string; dataRoot: string } & T) => Promise<void>,
): Promise<void> {
  const workspace = await mkdtemp(path.join(os.tmpdir(), 'inception-e2e-ws-'));
  const dataRoot = await mkdtemp(path.join(os.tmpdir(), 'inception-e2e-data-'));
  try {
    const extra = await prepare(dataRoot, workspace);
    const { url, child } = await startServe(['--workspace', workspace, '--root', dataRoot]);
    try {
      await use({ url, workspace, dataRoot, ...extra });
    } finally {
      await stopServe(child);
    }
  } finally {
    await Promise.all([rm(workspace, { recursive: true, force: true }), rm(dataRoot, { recursive: true, force: true })]);
  }
}

/** Starts `inception serve` on a free port with a fresh workspace, once per worker. */
export const test = base.extend<object, { app: AppServer }>({
  app: [
    async ({}, use) => {
      const workspace = await mkdtemp(path.join(os.tmpdir(), 'inception-e2e-'));
      const { url, child } = await startServe(['--workspace', workspace]);
      const parsed = new URL(url);
      await use({ url, origin: parsed.origin, token: parsed.searchParams.get('token')!, workspace });
      await stopServe(child);
      await rm(workspace, { recursive: true, force: true });
    },
    { scope: 'worker' },
  ],
});

/** Without Fashion-MNIST the specs that need it are skipped, except on CI (env CI), where they must run and so fail. */
export const haveFashionMnist = fashionMnistAvailable('t10k') || Boolean(process.env.CI);

export interface TrainedHost {
  url: string;
  workspace: string;
  /** The folder given to the host with --root; holds `trained-on/` and whatever the specs add. */
  dataRoot: string;
}

/**
 * A host whose workspace has one finished Small CNN run (the CLI trains it with TF.js for one epoch on
 * `trained-on/`, 60 real Fashion-MNIST images), made once per worker: the specs that only need some finished run
 * (classify, exportProfile) share it and its host instead of each training their own copy. They only read the run
 * and write into folders of their own.
 */
export const trainedTest = base.extend<object, { trainedHost: TrainedHost }>({
  trainedHost: [
    async ({}, use) => {
      await serveWithDataRoot(async (dataRoot, workspace) => {
        if (haveFashionMnist) {
          const trainedOn = path.join(dataRoot, 'trained-on');
          await writeFashionMnistFolder(trainedOn, { perClass: 6, split: 't10k' });
          await promisify(execFile)(process.execPath, ['bin/inception.mjs', 'train', '--preset', 'small-cnn', '--data', trainedOn, '--epochs', '1', '--batch', '16', '--engine', 'tfjs', '--json', '--workspace', workspace], { timeout: 180_000 });
        }
        return {};
      }, use);
    },
    { scope: 'worker', timeout: 240_000 },
  ],
});

export { expect } from '@playwright/test';
