import { useSyncExternalStore } from 'react';
import type { ApiClient } from '../api/client';
import { CONNECTION_LOST } from '../api/client';

/** A red banner once the host connection is gone; nothing while it is open. */
export function ConnectionBanner({ api }: { api: ApiClient }) {
  const state = useSyncExternalStore(api.onConnectionChange, api.connection);
  if (state.status !== 'lost') return null;
  return (
    <div className="banner banner--lost" role="alert" data-testid="connection-lost">
      <strong>{CONNECTION_LOST}</strong> {state.reason}
    </div>
  );
}

/** A message the user should see, with a way to dismiss it. */
export function ErrorBanner({ message, onDismiss }: { message: string; onDismiss(): void }) {
  return (
    <div className="banner banner--error" role="alert">
      <span>{message}</span>
      <button type="button" className="notice__close" onClick={onDismiss} aria-label="Dismiss">×</button>
    </div>
  );
}
