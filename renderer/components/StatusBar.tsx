import { useState } from 'react';
import type { EnginesReport } from '../../src/service/api';
import { formatShape } from '../../src/shapes/shape';
import { describeNodeError } from '../canvas/flowElements';
import { formatCount, formatMacs } from '../format';
import { useEditor } from '../store';

interface StatusBarProps {
  /** Null while loading; an Error when the host could not say. */
  engines: EnginesReport | Error | null;
}

/** `TF.js · wasm` for the first engine that has an active backend. */
export function describeEngine(engines: StatusBarProps['engines']): string {
  if (engines === null) return 'checking…';
  if (engines instanceof Error) return 'unknown';
  const engine = engines.engines.find((e) => e.available && e.active) ?? engines.engines[0];
  if (!engine) return 'none';
  return engine.active ? `${engine.title} · ${engine.active}` : `${engine.title} · unavailable`;
}

/** Totals of the design, its errors and the engine a job would use. */
export function StatusBar({ engines }: StatusBarProps) {
  const inference = useEditor((s) => s.inference);
  const [showErrors, setShowErrors] = useState(false);
  const totals = inference?.totals ?? { trainable: 0, nonTrainable: 0, macs: 0 };
  const errors = inference?.errors ?? [];

  return (
    <footer className="status-bar">
      <span className="status-bar__item">
        Trainable <strong data-testid="status-trainable">{formatCount(totals.trainable)}</strong>
      </span>
      <span className="status-bar__item">
        Non-trainable <strong data-testid="status-nontrainable">{formatCount(totals.nonTrainable)}</strong>
      </span>
      <span className="status-bar__item" title="Multiply-accumulates for one image">
        <strong data-testid="status-macs">{formatMacs(totals.macs)}</strong> per image
      </span>
      <span className="status-bar__item">
        Output <strong>{inference?.output ? formatShape(inference.output) : '—'}</strong>
      </span>
      <span className="status-bar__item status-bar__errors">
        <button
          type="button"
          className={errors.length ? 'status-bar__error-button status-bar__error-button--bad' : 'status-bar__error-button'}
          onClick={() => setShowErrors((v) => !v)}
          disabled={errors.length === 0}
          aria-expanded={showErrors && errors.length > 0}
        >
          Errors <strong data-testid="status-errors">{errors.length}</strong>
        </button>
        {showErrors && errors.length > 0 && (
          <ul className="status-bar__error-list" role="list">
            {errors.map((error, i) => (
              <li key={i}>
                <strong>{error.nodeId ?? 'design'}</strong> {describeNodeError(error)}
              </li>
            ))}
          </ul>
        )}
      </span>
      <span className="status-bar__item status-bar__engine">
        Engine <strong data-testid="status-engine">{describeEngine(engines)}</strong>
      </span>
    </footer>
  );
}
