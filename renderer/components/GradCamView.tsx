import { useState } from 'react';
import type { GradCamResult } from '../../src/service/api';
import { api } from '../api/instance';
import { formatPercent } from './format';

/**
 * "Where it looked": Grad-CAM of one image with a run's model, drawn over the image as the network sees it;
 * the sanity check recomputes it with the classifier's weights randomised (a map that stays the same explains nothing).
 */
export function GradCamView({ runId, path, label, node, size = 112, onOpen }: { runId: string; path: string; label?: string; node?: string; size?: number; onOpen?: () => void }) {
  const [result, setResult] = useState<GradCamResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const compute = (randomHead: boolean) => {
    onOpen?.();
    setBusy(true);
    setError(null);
    api.gradCam(runId, path, { label, node, randomHead }).then(
      (r) => setResult(r),
      (e: Error) => setError(e.message),
    ).finally(() => setBusy(false));
  };
  if (!result) {
    return (
      <span className="gradcam">
        <button type="button" className="btn btn--small" data-testid="gradcam-show" disabled={busy} onClick={() => compute(false)}>
          {busy ? 'Looking…' : 'Where it looked'}
        </button>
        {error && <span className="callout callout--error" role="alert">{error}</span>}
      </span>
    );
  }
  return (
    <figure className="gradcam" data-testid="gradcam">
      <img src={result.overlay} alt={`Grad-CAM for ${result.label}`} width={size} height={size} className="thumb" />
      <figcaption className="gradcam__caption">
        <span>{result.label} {formatPercent(result.probability)} at <code>{result.node}</code> ({result.height}×{result.width})</span>
        <label className="gradcam__sanity" title="Adebayo et al. 2018: with the classifier's weights randomised, a faithful map changes">
          <input type="checkbox" checked={result.randomHead} disabled={busy} data-testid="gradcam-random-head" onChange={(e) => compute(e.target.checked)} /> random classifier
        </label>
      </figcaption>
    </figure>
  );
}
