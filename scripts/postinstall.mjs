// Runs after `npm install`. Fetches the Electron binary where the network allows (npm 11 does not run
// Electron's own install script unless approved), and never fails the install when it cannot:
// `npm start` then runs Inception Studio in the browser instead.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const electronDir = path.join('node_modules', 'electron');

function binaryPresent() {
  try {
    const relative = readFileSync(path.join(electronDir, 'path.txt'), 'utf8').trim();
    return existsSync(path.join(electronDir, 'dist', relative));
  } catch {
    return false;
  }
}

if (!existsSync(path.join(electronDir, 'install.js')) || process.env.ELECTRON_SKIP_BINARY_DOWNLOAD || binaryPresent()) {
  process.exit(0);
}
const result = spawnSync(process.execPath, [path.join(electronDir, 'install.js')], { stdio: 'pipe', timeout: 300_000, encoding: 'utf8' });
if (result.status === 0 && binaryPresent()) {
  console.log('postinstall: downloaded the Electron binary.');
} else {
  const why = (result.stderr || result.error?.message || '').split('\n').find((l) => /error/i.test(l)) ?? 'no details';
  console.log(
    `postinstall: the Electron binary could not be downloaded (${why.trim().slice(0, 160)}).\n` +
      '  `npm start` will run Inception Studio in your browser instead. To retry: node node_modules/electron/install.js',
  );
}
