// Runs Electronegativity (the Electron security linter) over electron/ and over the built main,
// preload and renderer page; fails on any HIGH-severity finding. Part of `npm test`.
// Electronegativity reads .js/.ts/.html only, so the .cjs bundles are copied as .js first.
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const built = path.join(root, '.tmp', 'electronegativity', 'built');
rmSync(path.dirname(built), { recursive: true, force: true });
mkdirSync(built, { recursive: true });
for (const file of ['main.cjs', 'preload.cjs']) {
  const source = path.join(root, 'dist', 'electron', file);
  if (!existsSync(source)) throw new Error(`${source} is missing; run \`npm run build\` first`);
  copyFileSync(source, path.join(built, file.replace(/\.cjs$/, '.js')));
}
copyFileSync(path.join(root, 'dist', 'renderer', 'index.html'), path.join(built, 'index.html'));

const electronVersion = JSON.parse(readFileSync(path.join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version;
const scans = [['electron/', path.join(root, 'electron')], ['built files', built]].map(([name, input]) => ({ name, input, csv: path.join(path.dirname(built), `${name.replace(/\W/g, '')}.csv`) }));
// Both scans at once: each spends most of its time waiting on its online look-ups (releases, translations).
await Promise.all(scans.map(({ input, csv }) =>
  promisify(execFile)(process.execPath, [path.join(root, 'node_modules', '@doyensec', 'electronegativity', 'dist', 'index.js'), '-i', input, '-e', electronVersion, '-r', '-o', csv], { timeout: 300_000 })));
const findings = [];
for (const { name, csv } of scans) {
  const rows = readFileSync(csv, 'utf8').trim().split('\n').slice(1);
  for (const row of rows) {
    const [check, severity, confidence, file, location] = row.split(',').map((c) => c.replace(/^"|"$/g, ''));
    // Rows whose description ran over a line break come back split; keep the real rows.
    if (['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'].includes(severity)) findings.push({ scanned: name, check, severity, confidence, file, location });
  }
}
const high = findings.filter((f) => f.severity === 'HIGH' || f.severity === 'CRITICAL');
for (const f of findings) console.log(`electronegativity: ${f.severity.padEnd(13)} ${f.check} (${f.scanned}: ${f.file} ${f.location})`);
console.log(`electronegativity: ${findings.length} findings, ${high.length} high-severity, over electron/ and ${readdirSync(built).join(', ')}`);
process.exit(high.length ? 1 : 0);
