import { createHash } from 'node:crypto';
import { appendFile, mkdir, readFile, rename, stat } from 'node:fs/promises';
import path from 'node:path';
import { folderFixSchema, type FolderFix } from '../contract/errorAnalysis';
import { atomicWrite } from '../io/atomicWrite';
import { DataError } from './errors';

/**
 * Changes to a labelled image folder that lose nothing: a file moves to another class folder, or is excluded
 * into a quarantine folder beside the data (`<folder>.quarantine/<class>/<file>`), never deleted. Every change
 * is one line of `<folder>.quarantine/fixes.jsonl` (with the run that suggested it and the file's SHA-256),
 * and `manifest.json` there lists the files quarantined now and where they came from. Any change can be undone.
 */
export function quarantineDir(dataDir: string): string {
  const dir = path.resolve(dataDir);
  return path.join(path.dirname(dir), `${path.basename(dir)}.quarantine`);
}

const logFile = (dataDir: string) => path.join(quarantineDir(dataDir), 'fixes.jsonl');

async function sha256(file: string): Promise<string> {
  return createHash('sha256').update(await readFile(file)).digest('hex');
}

/** Every change made to the folder, oldest first, each move or exclude marked `undone` once reversed. */
export async function listFolderFixes(dataDir: string): Promise<FolderFix[]> {
  const text = await readFile(logFile(dataDir), 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return '';
    throw error;
  });
  const fixes = text.split('\n').filter((l) => l.trim()).map((line, i) => {
    const parsed = folderFixSchema.safeParse(JSON.parse(line));
    if (!parsed.success) throw new DataError(`${logFile(dataDir)} line ${i + 1}: expected a folder change, found ${parsed.error.issues[0].path.join('.')}: ${parsed.error.issues[0].message}`);
    return parsed.data;
  });
  const undone = new Set(fixes.filter((f) => f.action === 'undo').map((f) => f.undoes));
  return fixes.map((f) => (f.action === 'undo' ? f : { ...f, undone: undone.has(f.id) }));
}

/** The class folder and name of a file directly inside a class folder of `dataDir`. */
function classFileOf(dataDir: string, file: string): { className: string; name: string } {
  const relative = path.relative(path.resolve(dataDir), path.resolve(file));
  const parts = relative.split(path.sep);
  if (relative.startsWith('..') || path.isAbsolute(relative) || parts.length !== 2) {
    throw new DataError(`expected a file inside a class folder of ${dataDir} (${dataDir}/<class>/<file>), found ${file}`);
  }
  return { className: parts[0], name: parts[1] };
}

async function mustNotExist(file: string, why: string): Promise<void> {
  if (await stat(file).catch(() => null)) throw new DataError(`${why}: ${file} already exists; nothing was changed`);
}

async function record(dataDir: string, change: Omit<FolderFix, 'id' | 'time'>): Promise<FolderFix> {
  const fixes = await listFolderFixes(dataDir);
  const entry: FolderFix = { id: fixes.length + 1, time: new Date().toISOString(), ...change };
  await appendFile(logFile(dataDir), JSON.stringify(entry) + '\n');
  const quarantined = new Map<string, FolderFix>();
  for (const f of [...fixes, entry]) {
    if (f.action === 'exclude') quarantined.set(f.to, f);
    if (f.action === 'undo') quarantined.delete(f.from);
  }
  const manifest = [...quarantined.values()].map((f) => ({ file: f.to, from: f.from, sha256: f.sha256, runId: f.runId, change: f.id }));
  await atomicWrite(path.join(quarantineDir(dataDir), 'manifest.json'), JSON.stringify({ dataDir: path.resolve(dataDir), quarantined: manifest }, null, 2) + '\n');
  return entry;
}

async function relocate(dataDir: string, from: string, to: string, change: Omit<FolderFix, 'id' | 'time' | 'from' | 'to' | 'sha256'>): Promise<FolderFix> {
  if (!(await stat(from).catch(() => null))?.isFile()) throw new DataError(`expected a file at ${from}, found none; nothing was changed`);
  await mustNotExist(to, 'the file would replace another');
  const hash = await sha256(from);
  await mkdir(path.dirname(to), { recursive: true });
  await mkdir(quarantineDir(dataDir), { recursive: true });
  await rename(from, to);
  return record(dataDir, { ...change, from, to, sha256: hash });
}

/** Moves a file of the folder into another class's folder (created when missing). */
export async function moveToClass(dataDir: string, file: string, toClass: string, runId: string | null = null): Promise<FolderFix> {
  const { className, name } = classFileOf(dataDir, file);
  if (toClass === className) throw new DataError(`${file} is already in class ${toClass}`);
  if (!toClass || toClass.includes('/') || toClass.includes(path.sep) || toClass.startsWith('.')) throw new DataError(`expected a class folder name, found "${toClass}"`);
  return relocate(dataDir, path.resolve(file), path.join(path.resolve(dataDir), toClass, name), { action: 'move', runId });
}

/** Moves a file of the folder into the quarantine folder beside it, under its class's name. */
export async function excludeFile(dataDir: string, file: string, runId: string | null = null): Promise<FolderFix> {
  const { className, name } = classFileOf(dataDir, file);
  return relocate(dataDir, path.resolve(file), path.join(quarantineDir(dataDir), className, name), { action: 'exclude', runId });
}

/** Reverses a move or exclude (`id`; default the latest one not yet undone): the file goes back where it was. */
export async function undoFolderFix(dataDir: string, id?: number): Promise<FolderFix> {
  const fixes = await listFolderFixes(dataDir);
  const open = fixes.filter((f) => f.action !== 'undo' && !f.undone);
  const target = id === undefined ? open.at(-1) : open.find((f) => f.id === id);
  if (!target) {
    const why = id === undefined ? 'there is no change to undo' : fixes.some((f) => f.id === id) ? `change ${id} is an undo or already undone` : `there is no change ${id}`;
    throw new DataError(`undo in ${dataDir}: ${why}`);
  }
  return relocate(dataDir, target.to, target.from, { action: 'undo', runId: target.runId, undoes: target.id });
}
