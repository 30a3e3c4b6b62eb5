import { useState } from 'react';
import type { FeatureMapsResult } from '../../src/service/api';
import { api } from '../api/instance';

const formatValue = (v: number) => (Math.abs(v) >= 100 || v === 0 ? v.toFixed(0) : v.toPrecision(3));

/**
 * "Inside the network": one image's feature maps at a node of the run's design (any node with a C×H×W output,
 * picked from the list; the last one first), channels sorted by mean activation, drawn in one shared range.
 */
export function FeatureMapsView({ runId, path }: { runId: string; path: string }) {
  const [result, setResult] = useState<FeatureMapsResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const show = (node?: string) => {
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
  const width = Math.min(360, result.columns * (result.tile + 2));
  return (
    <figure className="feature-maps" data-testid="feature-maps">
      <label className="feature-maps__node">
        Node{' '}
        <select value={result.node} disabled={busy} data-testid="feature-maps-node" onChange={(e) => show(e.target.value)}>
          {result.nodes.map((n) => <option key={n} value={n}>{n}</option>)}
        </select>
      </label>
      <img src={result.grid} alt={`Feature maps of ${result.node}`} width={width} className="feature-maps__grid" />
      <figcaption className="feature-maps__caption">
        <span>
          {result.channels.length === result.count ? `all ${result.count}` : `${result.channels.length} of ${result.count}`} channels
          ({result.height}×{result.width}), highest mean activation first
        </span>
        <span data-testid="feature-maps-range">black {formatValue(result.min)} … white {formatValue(result.max)}</span>
        <span className="feature-maps__channels" title="channel: mean">
          {result.channels.slice(0, 8).map((c) => `#${c.channel}: ${formatValue(c.mean)}`).join(' · ')}{result.channels.length > 8 ? ' · …' : ''}
        </span>
      </figcaption>
    </figure>
  );
}
