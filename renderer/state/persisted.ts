import { createJSONStorage, type PersistOptions } from 'zustand/middleware';

/**
 * Options for a store whose `keep`ed fields survive a reload (`localStorage`, per host origin in browser
 * mode). Where storage is off (a private window, Node in unit tests) the store simply starts fresh.
 */
export function persisted<S, P>(name: string, keep: (state: S) => P): PersistOptions<S, P> {
  return {
    name: `inception-studio.${name}`,
    version: 1,
    storage: createJSONStorage(() => localStorage),
    partialize: keep,
  };
}
