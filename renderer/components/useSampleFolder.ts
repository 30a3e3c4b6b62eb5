import { useCallback, useState } from 'react';
import { api } from '../api/instance';
import { report } from '../state/problemsStore';
import { useTrainSettings } from '../state/trainStore';
import { useDatasetScan } from './useDatasetScan';

/** Asks the host for the workspace's sample folder (written the first time) and chooses it as the dataset. */
export function useSampleFolder(): { use(): Promise<void>; busy: boolean } {
  const scan = useDatasetScan();
  const [busy, setBusy] = useState(false);
  const use = useCallback(async () => {
    setBusy(true);
    try {
      const sample = await api.makeSampleDataset();
      scan(sample.dir);
      useTrainSettings.getState().suitSample();
    } catch (error) {
      report('Could not make the sample folder', error);
    } finally {
      setBusy(false);
    }
  }, [scan]);
  return { use, busy };
}
