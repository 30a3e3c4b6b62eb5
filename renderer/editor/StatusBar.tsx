import { useReactFlow } from '@xyflow/react';
import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { trainableSplit } from '../../src/shapes/trainable';
import type { EnginesReport } from '../../src/service/api';
import { formatShape } from '../../src/shapeMath/shape';
import { describeNodeError } from './canvas/flowElements';
import { BackendNotice } from '../components/BackendNotice';
import { shapelessCount, totalsWaitReason } from '../components/totals';
import { formatCount, formatMacs, formatMegabytes } from '../components/format';
import { useEditor } from '../state/designStore';

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

/** Totals of the design, its errors (each one a jump to its node) and the engine a job would use. */
export function StatusBar({ engines }: StatusBarProps) {
  const inference = useEditor((s) => s.inference);
  const setSelection = useEditor((s) => s.setSelection);
  const flow = useReactFlow();
  const [showErrors, setShowErrors] = useState(false);
  const totals = inference?.totals ?? { trainable: 0, nonTrainable: 0, macs: 0 };
  const split = useEditor(useShallow((s) => (s.doc && s.inference ? trainableSplit(s.doc, s.inference) : { trainable: 0, frozen: 0 })));
  const errors = inference?.errors ?? [];
  const missing = inference ? shapelessCount(inference) : 0;
  /** Totals of a design whose errors leave layers without a shape would count only part of it. */
  const shown = (text: string) => (missing ? '—' : text);
  const why = totalsWaitReason(inference) ?? undefined;

  const jumpTo = (id: string) => {
    setSelection([id], []);
    const node = flow.getInternalNode(id);
    if (node) {
      const { x, y } = node.internals.positionAbsolute;
      void flow.setCenter(x + (node.measured.width ?? 220) / 2, y + (node.measured.height ?? 72) / 2, {
        zoom: Math.max(flow.getZoom(), 0.9),
        duration: 250,
      });
    }
    setShowErrors(false);
  };

  return (
    <footer className="status-bar">
      <span className="status-bar__item" title={why}>
        Trainable <strong data-testid="status-trainable">{shown(formatCount(split.frozen ? split.trainable : totals.trainable))}</strong>
      </span>
      {split.frozen > 0 && (
        <span className="status-bar__item status-bar__frozen" title={why ?? 'Parameters of frozen layers: fine-tuning keeps them as they are'}>
          Frozen <strong data-testid="status-frozen">{shown(formatCount(split.frozen))}</strong>
        </span>
      )}
      <span className="status-bar__item" title={why}>
        Non-trainable <strong data-testid="status-nontrainable">{shown(formatCount(totals.nonTrainable))}</strong>
      </span>
      <span className="status-bar__item" title={why ?? 'Multiply-accumulates for one image'}>
        <strong data-testid="status-macs">{shown(formatMacs(totals.macs))}</strong> per image
      </span>
      <span className="status-bar__item" title={why ?? 'Size of all weights as 32-bit floats'}>
        Size <strong data-testid="status-size">{shown(formatMegabytes(totals.trainable + totals.nonTrainable))}</strong>
      </span>
      {missing > 0 && <span className="status-bar__item status-bar__why" data-testid="status-totals-why">totals wait for the errors</span>}
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
          data-testid="status-errors-button"
        >
          Errors <strong data-testid="status-errors">{errors.length}</strong>
        </button>
        {showErrors && errors.length > 0 && (
          <ul className="status-bar__error-list" role="list" data-testid="status-error-list">
            {errors.map((error, i) => (
              <li key={i}>
                {error.nodeId ? (
                  <button type="button" className="status-bar__jump" onClick={() => jumpTo(error.nodeId!)} title="Show this node">
                    <strong>{error.nodeId}</strong> {describeNodeError(error)}
                  </button>
                ) : (
                  <span><strong>design</strong> {describeNodeError(error)}</span>
                )}
              </li>
            ))}
          </ul>
        )}
      </span>
      {engines && !(engines instanceof Error) && <BackendNotice engines={engines} />}
      <span className="status-bar__item status-bar__engine">
        Engine <strong data-testid="status-engine">{describeEngine(engines)}</strong>
      </span>
    </footer>
  );
}
