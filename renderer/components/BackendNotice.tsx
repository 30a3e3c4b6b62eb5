import { useState } from 'react';
import type { EnginesReport } from '../../src/service/api';
import { CodeText } from './CodeText';
import { dismissedSignature, missingSignature, rememberDismissed, unavailableParts } from './backendNotice';

/**
 * One collapsed line naming how many engines or backends are missing here, details on demand; once
 * dismissed it stays away, across reloads, until something else goes missing.
 */
export function BackendNotice({ engines }: { engines: EnginesReport }) {
  const [open, setOpen] = useState(false);
  const [dismissed, setDismissed] = useState(dismissedSignature);
  const missing = unavailableParts(engines);
  const signature = missingSignature(missing);
  if (missing.length === 0 || dismissed === signature) return null;
  const count = missing.length === 1 && !missing[0].key.includes('/') ? '1 engine' : `${missing.length} backend${missing.length === 1 ? '' : 's'}`;

  const dismiss = () => {
    rememberDismissed(signature);
    setDismissed(signature);
  };

  return (
    <section className={open ? 'notice notice--open' : 'notice'} aria-label="Unavailable backends" data-testid="backend-notice">
      <div className="notice__line">
        <span className="notice__icon" aria-hidden="true">i</span>
        <span>{count} unavailable</span>
        <button type="button" className="link-button" onClick={() => setOpen((v) => !v)} aria-expanded={open} data-testid="backend-notice-details">
          {open ? 'hide details' : 'details'}
        </button>
        <button type="button" className="notice__close" onClick={dismiss} aria-label="Dismiss" data-testid="backend-notice-dismiss">×</button>
      </div>
      {open && (
        <ul className="notice__list" data-testid="backend-notice-list">
          {missing.map((m) => (
            <li key={m.key}><strong>{m.what}</strong> — <CodeText text={m.reason} /></li>
          ))}
        </ul>
      )}
    </section>
  );
}
