import { useState } from 'react';
import type { EnginesReport } from '../../src/service/api';

interface Missing { key: string; what: string; reason: string }

/** Engines and backends that cannot run here, each with the host's reason. */
export function unavailableParts(report: EnginesReport): Missing[] {
  return report.engines.flatMap((engine) => [
    ...(engine.available ? [] : [{ key: engine.id, what: `${engine.title} engine`, reason: 'no backend of this engine can run here' }]),
    ...engine.backends
      .filter((b) => !b.available)
      .map((b) => ({
        key: `${engine.id}/${b.name}`,
        what: `${engine.title} · ${b.name} (${b.package})`,
        reason: b.reason ?? 'not available; the host gave no reason',
      })),
  ]);
}

/** One collapsed line naming how many backends are missing; details on demand; dismissible. */
export function BackendNotice({ engines }: { engines: EnginesReport }) {
  const [open, setOpen] = useState(false);
  const [dismissed, setDismissed] = useState(false);
  const missing = unavailableParts(engines);
  if (dismissed || missing.length === 0) return null;
  const backends = missing.length === 1 ? '1 backend' : `${missing.length} backends`;

  return (
    <section className={open ? 'notice notice--open' : 'notice'} aria-label="Unavailable backends">
      <div className="notice__line">
        <span className="notice__icon" aria-hidden="true">i</span>
        <span>{backends} unavailable</span>
        <button type="button" className="link-button" onClick={() => setOpen((v) => !v)} aria-expanded={open}>
          {open ? 'hide details' : 'details'}
        </button>
        <button type="button" className="notice__close" onClick={() => setDismissed(true)} aria-label="Dismiss">×</button>
      </div>
      {open && (
        <ul className="notice__list">
          {missing.map((m) => (
            <li key={m.key}><strong>{m.what}</strong> — {m.reason}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
