import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { hasImageExtension } from '../data';
import type { FolderListing } from './api';
import type { PathPolicy } from './paths';

const MAX_ENTRIES = 2000;

/** Files File ▸ Import can read: ONNX, and TF.js model.json (any `.json`; the importer says when one is no model). */
const isModelFile = (name: string): boolean => /\.(onnx|json)$/i.test(name);

/** One level of an allowed folder: sub-folders first, then images and model files; hidden entries left out. */
export async function browseFolder(paths: PathPolicy, dir: string | null): Promise<FolderListing> {
  if (dir === null) {
    return { path: null, parent: null, entries: paths.allowedRoots().map((root) => ({ name: root, path: root, kind: 'folder' as const })) };
  }
  const folder = await paths.resolveFolder(dir);
  const entries = await readdir(folder, { withFileTypes: true });
  const listed: FolderListing['entries'] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name.startsWith('.')) continue;
    const full = path.join(folder, entry.name);
    if (entry.isDirectory() || (entry.isSymbolicLink() && !hasImageExtension(entry.name))) listed.push({ name: entry.name, path: full, kind: 'folder' });
    else if (hasImageExtension(entry.name)) listed.push({ name: entry.name, path: full, kind: 'image' });
    else if (isModelFile(entry.name)) listed.push({ name: entry.name, path: full, kind: 'model' });
    if (listed.length >= MAX_ENTRIES) break;
  }
  listed.sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'folder' ? -1 : 1));
  const parent = path.dirname(folder);
  return { path: folder, parent: parent !== folder && (await paths.isAllowed(parent)) ? parent : null, entries: listed };
}
