import { useEffect, useState } from 'react';
import type { MemoryReport } from '../../src/service/api';
import { api } from '../api/instance';
import { useEditor } from '../state/designStore';
import { useTrainSettings } from '../state/trainStore';

const gib = (bytes: number): string => `${(bytes / 2 ** 30).toFixed(bytes < 2 ** 30 ? 2 : 1)} GiB`;

/** Training memory for the chosen batch size against what the host has free; warns before Start. */
export function MemoryCheck() {
  const doc = useEditor((s) => s.doc);
  const inference = useEditor((s) => s.inference);
  const batchSize = useTrainSettings((s) => s.settings.batchSize);
  const optimizer = useTrainSettings((s) => s.settings.optimizer);
  const [estimate, setEstimate] = useState<MemoryReport | null>(null);

  useEffect(() => {
    if (!doc || !inference || inference.errors.length > 0 || !Number.isInteger(batchSize) || batchSize < 1) {
      setEstimate(null);
      return;
    }
    let current = true;
    const timer = setTimeout(() => {
      api.estimateMemory(doc, batchSize, optimizer).then((report) => current && setEstimate(report), () => current && setEstimate(null));
    }, 300);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [doc, inference, batchSize, optimizer]);

  if (!estimate) return null;
  return estimate.warning ? (
    <p className="callout callout--warn" role="status" data-testid="memory-warning">Memory: {estimate.warning}.</p>
  ) : (
    <p className="panel__text panel__text--muted" data-testid="memory-estimate">
      Training needs about {gib(estimate.totalBytes)} of memory at batch size {batchSize}; {gib(estimate.availableBytes)} is free.
    </p>
  );
}
