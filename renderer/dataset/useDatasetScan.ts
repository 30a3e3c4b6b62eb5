import { useCallback } from 'react';
import { api } from '../api/instance';
import { useDataset } from './store';

/** Scans an image folder through the host and keeps the answer in the dataset store. */
export function useDatasetScan(): (dir: string) => void {
  return useCallback((dir: string) => {
    const store = useDataset.getState();
    store.scanStarted(dir);
    api.scanDataset(dir).then(
      (summary) => useDataset.getState().scanDone(dir, summary),
      (error: Error) => useDataset.getState().scanFailed(dir, error.message),
    );
  }, []);
}
