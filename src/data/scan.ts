import type { Dirent, Stats } from 'node:fs';
import { open, readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { DataError } from './errors';
import { hasImageExtension, SNIFF_BYTES, sniffImageFormat } from './formats';
import { createLimiter, type Limiter } from './limiter';
import { naturalCompare } from './naturalOrder';
import { explainFsError } from './readImage';
import type { SkippedFile } from './report';

/** One image and its class index. */
export interface Sample {
  path: string;
  label: number;
}

/** A class and how many usable images it has. */
export interface ClassSummary {
  name: string;
  count: number;
}

/** What `scanImageFolder` found. */
export interface DatasetScan {
  /** Absolute path of the scanned folder. */
  root: string;
  /** Classes with at least one image, in natural order (`naturalCompare`); a class's index is its label. */
  classes: ClassSummary[];
  /** Every usable image, grouped by class, in a stable order. */
  samples: Sample[];
  /** Files and folders left out, with the reason. */
  skipped: SkippedFile[];
  /** Class folders without a usable image; left out of `classes`. */
  emptyClasses: string[];
}

/** Options of `scanImageFolder`. */
export interface ScanOptions {
  /** Read each image's first bytes and skip files that are no image format we read (default true). */
  checkContent?: boolean;
  /** How many file-system calls may run at once (default 32). */
  concurrency?: number;
}

type Entry =
  | { kind: 'dir'; path: string; real: string }
  | { kind: 'file'; path: string; real: string }
  | { kind: 'skip'; skip: SkippedFile };

const EXAMPLE = (root: string) => `expected one sub-folder per class, e.g. ${path.join(root, 'cat', '*.jpg')}`;

function isHidden(name: string): boolean {
  return name.startsWith('.');
}

async function fileLooksLikeImage(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const head = new Uint8Array(SNIFF_BYTES);
    const { bytesRead } = await handle.read(head, 0, SNIFF_BYTES, 0);
    return sniffImageFormat(head.subarray(0, bytesRead)) !== undefined;
  } finally {
    await handle.close();
  }
}

/** Classifies one directory entry, following symlinks. */
async function inspectEntry(dirent: Dirent, dir: string, realDir: string, options: Required<ScanOptions>): Promise<Entry> {
  const full = path.join(dir, dirent.name);
  const skip = (code: SkippedFile['code'], reason: string): Entry => ({ kind: 'skip', skip: { path: full, code, reason } });
  let real = path.join(realDir, dirent.name);
  if (dirent.isDirectory()) return { kind: 'dir', path: full, real };
  let info: Stats;
  try {
    info = await stat(full);
    if (dirent.isSymbolicLink()) real = await realpath(full);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && dirent.isSymbolicLink()) return skip('broken-link', 'broken symlink: its target does not exist');
    if (code === 'ELOOP') return skip('symlink-loop', 'symlink loop');
    const explained = explainFsError(error);
    return skip(explained.code, explained.reason);
  }
  if (info.isDirectory()) return { kind: 'dir', path: full, real };
  if (!info.isFile()) return skip('not-file', 'not a regular file');
  if (!hasImageExtension(full)) {
    const ext = path.extname(full);
    return skip('not-image', `not an image file (${ext ? ext : 'no extension'})`);
  }
  if (info.size === 0) return skip('empty', 'empty file (0 bytes)');
  if (options.checkContent) {
    try {
      if (!(await fileLooksLikeImage(full))) {
        return skip('not-image', `not an image: the content is no image format, despite the ${path.extname(full)} name`);
      }
    } catch (error) {
      const explained = explainFsError(error);
      return skip(explained.code, explained.reason);
    }
  }
  return { kind: 'file', path: full, real };
}

/** Lists a folder's visible entries, sorted by name, each inspected (concurrently, within the limiter). */
async function listFolder(dir: string, realDir: string, limit: Limiter, options: Required<ScanOptions>): Promise<Entry[]> {
  const dirents = (await readdir(dir, { withFileTypes: true })).filter((d) => !isHidden(d.name));
  dirents.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return Promise.all(dirents.map((d) => limit(() => inspectEntry(d, dir, realDir, options))));
}

interface WalkState {
  visitedDirs: Map<string, string>;
  seenFiles: Map<string, string>;
  skipped: SkippedFile[];
  limit: Limiter;
  options: Required<ScanOptions>;
}

/** Collects the image files below one class folder, depth first, in name order. */
async function walkClass(dir: string, realDir: string, ancestors: string[], state: WalkState, out: string[]): Promise<void> {
  let entries: Entry[];
  try {
    entries = await listFolder(dir, realDir, state.limit, state.options);
  } catch (error) {
    const explained = explainFsError(error);
    state.skipped.push({ path: dir, code: explained.code, reason: `cannot list folder: ${explained.reason}` });
    return;
  }
  for (const entry of entries) {
    if (entry.kind === 'skip') {
      state.skipped.push(entry.skip);
    } else if (entry.kind === 'file') {
      const first = state.seenFiles.get(entry.real);
      if (first) {
        state.skipped.push({ path: entry.path, code: 'duplicate', reason: `same file as ${first} (through a symlink)` });
      } else {
        state.seenFiles.set(entry.real, entry.path);
        out.push(entry.path);
      }
    } else {
      const chain = [...ancestors, realDir];
      const first = state.visitedDirs.get(entry.real);
      if (chain.includes(entry.real)) {
        state.skipped.push({ path: entry.path, code: 'symlink-loop', reason: `symlink loop: leads back to ${entry.real}` });
      } else if (first) {
        state.skipped.push({ path: entry.path, code: 'duplicate', reason: `folder already scanned as ${first}` });
      } else {
        state.visitedDirs.set(entry.real, entry.path);
        await walkClass(entry.path, entry.real, chain, state, out);
      }
    }
  }
}

async function checkRoot(root: string): Promise<string> {
  let info: Stats;
  try {
    info = await stat(root);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const found = code === 'ENOENT' ? 'nothing is there' : `it cannot be read (${code})`;
    throw new DataError(`Dataset folder ${root} not found: ${found}; ${EXAMPLE(root)}`);
  }
  if (!info.isDirectory()) throw new DataError(`Dataset path ${root} is a file, not a folder; ${EXAMPLE(root)}`);
  return realpath(root);
}

/**
 * Scans a folder with one sub-folder per class. Class names are the sub-folder names in natural
 * order (`2` before `10`, as the PyTorch runner's `natural_key`), and a class's index is its label. Images in nested
 * folders belong to the class folder above them. Symlinks are followed, loops and duplicates are
 * reported, hidden entries are ignored, unusable files are listed in `skipped`.
 * @example const scan = await scanImageFolder('/data/pets'); // classes: [{ name: 'cat', count: 120 }, …]
 * @throws DataError when the root is missing, not a folder, or has no class sub-folders.
 */
export async function scanImageFolder(root: string, options: ScanOptions = {}): Promise<DatasetScan> {
  const absRoot = path.resolve(root);
  const realRoot = await checkRoot(absRoot);
  const opts: Required<ScanOptions> = { checkContent: options.checkContent ?? true, concurrency: options.concurrency ?? 32 };
  const state: WalkState = {
    visitedDirs: new Map([[realRoot, absRoot]]),
    seenFiles: new Map(),
    skipped: [],
    limit: createLimiter(opts.concurrency),
    options: opts,
  };
  let top: Entry[];
  try {
    top = await listFolder(absRoot, realRoot, state.limit, { ...opts, checkContent: false });
  } catch (error) {
    throw new DataError(`Dataset folder ${absRoot} cannot be listed: ${explainFsError(error).reason}`);
  }
  const classDirs: Extract<Entry, { kind: 'dir' }>[] = [];
  for (const entry of top) {
    if (entry.kind === 'dir') classDirs.push(entry);
    else if (entry.kind === 'file') {
      state.skipped.push({ path: entry.path, code: 'outside-class', reason: 'not in a class folder; move it into a sub-folder named after its class' });
    } else if (entry.skip.code === 'not-image' || entry.skip.code === 'empty') {
      state.skipped.push({ ...entry.skip, code: 'outside-class', reason: 'not in a class folder' });
    } else state.skipped.push(entry.skip);
  }
  classDirs.sort((a, b) => naturalCompare(path.basename(a.path), path.basename(b.path)));
  if (classDirs.length === 0) {
    const files = top.length ? ` (found ${top.length} file(s) but no sub-folder)` : ' (it is empty)';
    throw new DataError(`No class folders in ${absRoot}${files}: ${EXAMPLE(absRoot)}`);
  }

  const classes: ClassSummary[] = [];
  const samples: Sample[] = [];
  const emptyClasses: string[] = [];
  for (const dir of classDirs) {
    const name = path.basename(dir.path);
    const files: string[] = [];
    const first = state.visitedDirs.get(dir.real);
    if (first) {
      state.skipped.push({ path: dir.path, code: 'duplicate', reason: `folder already scanned as ${first}` });
    } else {
      state.visitedDirs.set(dir.real, dir.path);
      await walkClass(dir.path, dir.real, [realRoot], state, files);
    }
    if (files.length === 0) {
      emptyClasses.push(name);
      continue;
    }
    const label = classes.length;
    classes.push({ name, count: files.length });
    for (const file of files) samples.push({ path: file, label });
  }
  return { root: absRoot, classes, samples, skipped: state.skipped, emptyClasses };
}

/**
 * The scan relabelled to a run's recorded class order (`labels.json`, its start event), so a run made
 * when classes sorted differently resumes and evaluates with its own labels. Unchanged unless the
 * names are the same.
 */
export function withClassOrder(scan: DatasetScan, order: readonly string[]): DatasetScan {
  const names = scan.classes.map((c) => c.name);
  const same = order.length === names.length && [...order].sort().join('\0') === [...names].sort().join('\0');
  if (!same || order.every((name, i) => name === names[i])) return scan;
  const labelOf = new Map(order.map((name, i) => [name, i]));
  const relabel = names.map((name) => labelOf.get(name)!);
  const samples = scan.samples.map((s) => ({ path: s.path, label: relabel[s.label] })).sort((a, b) => a.label - b.label);
  const classes = order.map((name) => scan.classes[names.indexOf(name)]);
  return { ...scan, classes, samples };
}
