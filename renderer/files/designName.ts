import { emptyGraph } from '../../src/graph/ops';

/** The name a new design starts with. */
export const UNTITLED = emptyGraph().name;

/**
 * The name a design takes when saved as `path`: an untitled design takes the file's name
 * (`designs/mnist net.json` → `mnist net`); one the user named keeps its name. Null: no change.
 */
export function nameFromFile(current: string, path: string): string | null {
  if (current.trim() !== '' && current !== UNTITLED) return null;
  const base = (path.split(/[\\/]/).pop() ?? path).replace(/\.json$/i, '').trim();
  return base && base !== current ? base : null;
}
