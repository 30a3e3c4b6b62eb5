import { realpath, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ApiError, ERROR_CODES } from './errors';

/** The folder for designs and runs: `$INCEPTION_WORKSPACE`, else `~/InceptionStudio`. */
export function defaultWorkspace(): string {
  return process.env.INCEPTION_WORKSPACE || path.join(os.homedir(), 'InceptionStudio');
}

export const designsDir = (workspace: string): string => path.join(workspace, 'designs');

/** Design files without an extension get `.json`, as the save dialogs on Linux do not add it. */
const withJsonExtension = (file: string): string => (path.extname(file) === '' ? `${file}.json` : file);

function isInside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** The real path of `p`, or of its nearest existing ancestor joined with the rest, so symlinks cannot hide an escape. */
async function realpathDeep(p: string): Promise<string> {
  try {
    return await realpath(p);
  } catch {
    const parent = path.dirname(p);
    if (parent === p) return p;
    return path.join(await realpathDeep(parent), path.basename(p));
  }
}

/**
 * Decides which files the API may touch: inside the allowed roots (the workspace and folders the
 * user chose), or files picked in a native dialog. Relative names land in the workspace's designs folder.
 */
export class PathPolicy {
  private readonly roots: string[];
  private readonly picked = new Set<string>();
  private readonly pickedFiles = new Set<string>();

  constructor(readonly workspace: string, extraRoots: readonly string[] = []) {
    this.roots = [workspace, ...extraRoots].map((r) => path.resolve(r));
  }

  /** Lets the API use a file the user chose in a native dialog. */
  allowPicked(file: string): void {
    this.picked.add(withJsonExtension(path.resolve(file)));
  }

  /** Lets the API read files (images) the user chose in a native dialog: those files, nothing beside them. */
  allowPickedFiles(files: readonly string[]): void {
    for (const file of files) this.pickedFiles.add(path.resolve(file));
  }

  /** The folders the API may use, workspace first. */
  allowedRoots(): string[] {
    return [...new Set(this.roots)];
  }

  /** Whether a folder is inside the allowed roots (symlinks resolved). */
  async isAllowed(absolute: string): Promise<boolean> {
    return this.check(absolute, absolute).then(() => true, () => false);
  }

  /** Lets the API use a folder the user chose (a native dialog or the folder browser). */
  allowFolder(dir: string): void {
    this.roots.push(path.resolve(dir));
  }

  private async check(userPath: string, absolute: string): Promise<string> {
    if (userPath.includes('\0')) throw new ApiError(ERROR_CODES.BAD_REQUEST, 'path contains a NUL character');
    const real = await realpathDeep(absolute);
    for (const root of this.roots) {
      if (isInside(real, await realpathDeep(root))) return absolute;
    }
    throw new ApiError(
      ERROR_CODES.FORBIDDEN,
      `${userPath} is outside the workspace (${this.workspace}) and the folders you chose; choose a folder inside them`,
    );
  }

  /** An absolute folder inside the allowed roots (relative paths are taken from the workspace). */
  async resolveFolder(userPath: string, options: { create?: boolean } = {}): Promise<string> {
    const absolute = await this.check(userPath, path.resolve(this.workspace, userPath));
    if (!options.create) {
      const info = await stat(absolute).catch(() => null);
      if (!info) throw new ApiError(ERROR_CODES.NOT_FOUND, `no folder at ${absolute}`);
      if (!info.isDirectory()) throw new ApiError(ERROR_CODES.BAD_REQUEST, `${absolute} is a file; expected a folder`);
    }
    return absolute;
  }

  /** A file inside the allowed roots, or one picked in a native dialog. */
  async resolveFile(userPath: string): Promise<string> {
    const absolute = path.resolve(this.workspace, userPath);
    if (!userPath.includes('\0') && this.pickedFiles.has(absolute)) return absolute;
    return this.check(userPath, absolute);
  }

  /** A file to write (a CSV): inside the allowed roots, or picked in a native save dialog. */
  async resolveOutputFile(userPath: string): Promise<string> {
    const absolute = path.resolve(this.workspace, userPath);
    if (!userPath.includes('\0') && this.picked.has(absolute)) return absolute;
    return this.check(userPath, absolute);
  }

  async resolveDesign(userPath: string): Promise<string> {
    const absolute = withJsonExtension(
      path.isAbsolute(userPath) ? path.resolve(userPath) : path.resolve(designsDir(this.workspace), userPath),
    );
    return this.picked.has(absolute) ? absolute : this.check(userPath, absolute);
  }
}
