import { useCallback, useEffect } from 'react';
import { api } from '../api/instance';
import { useDataset } from '../state/datasetStore';

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

/** After a reload the chosen folder is remembered but not its scan: scans it again once, at start. */
export function useRestoredScan(): void {
  const scan = useDatasetScan();
  useEffect(() => {
    const { dir, summary, scanning } = useDataset.getState();
    if (dir && !summary && !scanning) scan(dir);
  }, [scan]);
}
