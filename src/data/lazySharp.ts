import { createRequire } from 'node:module';
import type Sharp from 'sharp';

let loaded: typeof Sharp | undefined;

/**
 * sharp, loaded at its first use instead of at every start: loading it (libvips and its bindings) costs a process
 * about 0.15 s of CPU, and most CLI commands (inspect, runs, presets, a refused option…) touch no image.
 * Synchronous (`require`), so its callers stay as they were.
 */
export function sharp(): typeof Sharp {
  loaded ??= createRequire(import.meta.url)('sharp') as typeof Sharp;
  return loaded;
}

/**
 * For an entry that decodes from its first message (the decode worker): the sharp it imported itself, so that the
 * thread holds one copy; compiled on the fly from source, only its own imports are resolved from this project.
 */
export function provideSharp(module: typeof Sharp): void {
  loaded = module;
}
