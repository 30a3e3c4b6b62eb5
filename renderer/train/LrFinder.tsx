import { useMemo, useState } from 'react';
import type { LrFinderResult } from '../../src/service/api';
import { api } from '../api/instance';
import { UPlotChart, type LineSpec } from '../charts/UPlotChart';
import { useEditor } from '../state/designStore';
import { toTrainConfig, withEngine, type DataSettings } from '../state/trainSettings';
import { useTrainSettings } from '../state/trainStore';

const LINES: LineSpec[] = [
  { label: 'loss (smoothed)', color: '#2563eb', width: 2 },
  { label: 'loss', color: '#93c5fd', width: 1 },
];

/** Two significant digits: 0.0031622 → 0.0032. */
export const roundRate = (lr: number): number => Number(lr.toPrecision(2));

/**
 * The learning-rate range test: a short training of a fresh copy of the design at rising rates, its loss
 * curve, and the suggested rate with a button that takes it.
 */
export function LrFinder({ data, disabled }: { data: DataSettings | null; disabled: boolean }) {
  const settings = useTrainSettings((s) => s.settings);
  const setSetting = useTrainSettings((s) => s.setSetting);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<LrFinderResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const chart = useMemo(() => {
    if (!result) return null;
    const x = result.points.map((p) => Math.log10(p.lr));
    return [x, result.points.map((p) => p.smoothed), result.points.map((p) => p.loss)] as [number[], number[], number[]];
  }, [result]);

  const run = async () => {
    const doc = useEditor.getState().doc;
    if (!doc || !data) return;
    setBusy(true);
    setError(null);
    try {
      setResult(await api.findLearningRate(doc, withEngine(toTrainConfig(settings, data), settings)));
    } catch (failure) {
      setError((failure as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const suggested = result ? roundRate(result.suggested) : null;
  return (
    <div className="lr-finder" data-testid="lr-finder">
      <div className="lr-finder__head">
        <button type="button" className="btn btn--small" data-testid="find-lr" disabled={disabled || busy || !data} onClick={() => void run()}
          title={data ? 'Trains a copy of the design for about 100 steps at rising rates; nothing is saved' : 'Choose an image folder first'}>
          {busy ? 'Trying rates…' : 'Find a learning rate'}
        </button>
        {result && suggested !== null && (
          <>
            <span className="lr-finder__text" data-testid="lr-suggested"
              title="A tenth of the rate where the smoothed loss was lowest; the steepest fall is where it dropped fastest">
              suggested <strong>{suggested}</strong> · lowest loss at {roundRate(result.lowest)}
              {result.steepest !== null && <> · steepest fall at {roundRate(result.steepest)}</>}
              {result.diverged && <> · blew up past it</>}
            </span>
            <button type="button" className="btn btn--small btn--primary" data-testid="use-lr" disabled={disabled || settings.lr === suggested} onClick={() => setSetting('lr', suggested)}>
              Use {suggested}
            </button>
          </>
        )}
      </div>
      {error && <p className="callout callout--error">{error}</p>}
      {result && chart && (
        <UPlotChart title="Loss by learning rate" lines={LINES} data={chart} xLabel="log10 learning rate" height={150} testId="lr-chart" />
      )}
    </div>
  );
}
