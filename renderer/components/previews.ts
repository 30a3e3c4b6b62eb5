import { useEffect, useState } from 'react';
import type { ImagePreview, PreviewOptions } from '../../src/service/api';
import { api } from '../api/instance';

/** Previews already fetched, by options and path; small PNGs, so a few hundred are cheap to keep. */
const cache = new Map<string, ImagePreview>();
const MAX_CACHED = 600;

const keyOf = (path: string, options: PreviewOptions) => `${JSON.stringify(options)}\n${path}`;

/**
 * Images as the host renders them (`previewImages`), by path; missing ones while they load.
 * `options` is compared by value, so an inline object is fine.
 */
export function useImagePreviews(paths: readonly string[], options: PreviewOptions): ReadonlyMap<string, ImagePreview> {
  const optionsKey = JSON.stringify(options);
  const pathsKey = paths.join('\n');
  const [found, setFound] = useState<ReadonlyMap<string, ImagePreview>>(new Map());

  useEffect(() => {
    const opts = JSON.parse(optionsKey) as PreviewOptions;
    const list = pathsKey ? pathsKey.split('\n') : [];
    const known = new Map<string, ImagePreview>();
    for (const path of list) {
      const hit = cache.get(keyOf(path, opts));
      if (hit) known.set(path, hit);
    }
    setFound(known);
    const missing = list.filter((path) => !known.has(path));
    if (missing.length === 0) return;
    let live = true;
    api.previewImages(missing, opts).then((previews) => {
      for (const preview of previews) {
        if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!);
        cache.set(keyOf(preview.path, opts), preview);
      }
      if (live) setFound(new Map([...known, ...previews.map((p) => [p.path, p] as const)]));
    }, (error: Error) => {
      if (live) setFound(new Map([...known, ...missing.map((path) => [path, { path, dataUrl: null, error: error.message }] as const)]));
    });
    return () => {
      live = false;
    };
  }, [pathsKey, optionsKey]);

  return found;
}
