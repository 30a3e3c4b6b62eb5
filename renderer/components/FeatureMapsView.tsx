import { useState } from 'react';
import type { FeatureMapsResult } from '../../src/service/api';
import { api } from '../api/instance';
import { FeatureMapsFigure } from './FeatureMapsFigure';

/**
 * "Inside the network": one image's feature maps at a node of the run's design (any node with a C×H×W output,
 * picked from the list or by clicking it on the Editor's canvas; the last one first), channels sorted by mean activation, drawn in one shared range.
 */
export function FeatureMapsView({ runId, path, onOpen }: { runId: string; path: string; onOpen?: () => void }) {
  const [result, setResult] = useState<FeatureMapsResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const show = (node?: string) => {
    onOpen?.();
    setBusy(true);
    setError(null);
    api.featureMaps(runId, path, node ? { node } : {}).then(setResult, (e: Error) => setError(e.message)).finally(() => setBusy(false));
  };
  if (!result) {
    return (
      <span className="feature-maps">
        <button type="button" className="btn btn--small" data-testid="feature-maps-show" disabled={busy} onClick={() => show()}>
          {busy ? 'Looking inside…' : 'Inside the network'}
        </button>
        {error && <span className="callout callout--error" role="alert">{error}</span>}
      </span>
    );
  }
  return (
    <FeatureMapsFigure
      result={result}
      head={
        <label className="feature-maps__node">
          Node{' '}
          <select value={result.node} disabled={busy} data-testid="feature-maps-node" onChange={(e) => show(e.target.value)}>
            {result.nodes.map((n) => <option key={n} value={n}>{n}</option>)}
          </select>
        </label>
      }
    />
  );
}
