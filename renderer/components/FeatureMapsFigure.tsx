import type { ReactNode } from 'react';
import type { FeatureMapsResult } from '../../src/service/api';

const formatValue = (v: number) => (Math.abs(v) >= 100 || v === 0 ? v.toFixed(0) : v.toPrecision(3));

/** A node's feature maps as a grid, highest mean activation first, with the range they are drawn in; `head` goes above. */
export function FeatureMapsFigure({ result, head, maxWidth = 360 }: { result: FeatureMapsResult; head?: ReactNode; maxWidth?: number }) {
  const width = Math.min(maxWidth, result.columns * (result.tile + 2));
  return (
    <figure className="feature-maps" data-testid="feature-maps">
      {head}
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
