// `npm start` (after the build): opens the Electron desktop app where it can run here, and
// otherwise says why and falls back to browser mode (`inception serve --open`).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { constants } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// Built by `npm run build` (scripts/build-node.mjs) from src/service/electronStatus.ts.
const { electronStatus } = await import('../dist/node/electron-status.mjs');
const status = electronStatus();

if (status.available && status.binary) {
  const env = { ...process.env };
  // Left over from a parent Electron process, it would make Electron run main.cjs as plain Node.
  delete env.ELECTRON_RUN_AS_NODE;
  run(status.binary, [root], env, 'Electron');
} else {
  console.log(`Inception Studio: the desktop app cannot start here.\n  ${status.reason}`);
  const cli = path.join(root, 'bin', 'inception.mjs');
  if (!existsSync(cli)) {
    console.error(`Browser mode needs ${cli}, which is missing. Check out the complete project and run \`npm start\` again.`);
    process.exit(1);
  }
  console.log('Starting browser mode: inception serve --open\n');
  run(process.execPath, [cli, 'serve', '--open'], process.env, 'inception serve');
}

/** Runs `command` with our stdio, forwards SIGINT/SIGTERM to it, and exits as it exits. */
function run(command, args, env, name) {
  const child = spawn(command, args, { cwd: root, env, stdio: 'inherit', windowsHide: false });
  const forward = (signal) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  };
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, forward);
  child.on('error', (error) => {
    console.error(`Could not start ${name} (${command}): ${error.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => {
    if (signal) {
      if (signal !== 'SIGINT' && signal !== 'SIGTERM') console.error(`${name} was stopped by ${signal}.`);
      process.exit(128 + (constants.signals[signal] ?? 0));
    }
    process.exit(code ?? 1);
  });
}
