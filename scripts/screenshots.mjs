// Runs the end-to-end specs so that they write the docs' screenshots (docs/screenshots/*.png) instead of
// test-results/screens. Usage: npm run screenshots [-- playwright options]
import { spawnSync } from 'node:child_process';

const result = spawnSync('npx', ['playwright', 'test', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, INCEPTION_DOC_SCREENSHOTS: '1' },
  shell: process.platform === 'win32',
});
process.exit(result.status ?? 1);
