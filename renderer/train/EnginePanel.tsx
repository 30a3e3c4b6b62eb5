import type { BackendName } from '../../src/service/api';
import { Panel } from '../components/fields';
import { useHost } from '../host/store';
import { useTrainSettings } from './store';

/** The host's reason, its first clause shown and the rest on demand. */
function Reason({ text }: { text: string }) {
  const cut = text.search(/[:;.](\s|$)/);
  if (cut < 0 || cut > 90) return <span className="engine__reason">{text}</span>;
  return (
    <details className="engine__reason">
      <summary>{text.slice(0, cut)}</summary>
      {text.slice(cut + 1).trim()}
    </details>
  );
}

/** Engines and their backends from the host, each unavailable one with the host's reason; the backend to prefer. */
export function EnginePanel({ disabled }: { disabled: boolean }) {
  const engines = useHost((s) => s.engines);
  const backend = useTrainSettings((s) => s.settings.backend);
  const setSetting = useTrainSettings((s) => s.setSetting);
  if (engines === null) return <Panel title="Engine"><p className="panel__text">Asking the host…</p></Panel>;
  if (engines instanceof Error) return <Panel title="Engine"><p className="callout callout--error">The host could not list its engines: {engines.message}</p></Panel>;

  return (
    <Panel title="Engine and device" testId="engine-panel">
      {engines.engines.map((engine) => (
        <fieldset key={engine.id} className="engine" disabled={disabled || !engine.available}>
          <legend className="engine__title">
            <input type="radio" checked={engine.available} readOnly aria-label={engine.title} /> {engine.title}
            {!engine.available && <span className="engine__missing"> — unavailable</span>}
          </legend>
          <label className="engine__backend">
            <input type="radio" name={`backend-${engine.id}`} checked={backend === null} onChange={() => setSetting('backend', null)} data-testid="backend-auto" />
            <span>Best available{engine.active ? ` (now ${engine.active})` : ''}</span>
          </label>
          {engine.backends.map((b) => (
            <label key={b.name} className={b.available ? 'engine__backend' : 'engine__backend engine__backend--off'}>
              <input
                type="radio"
                name={`backend-${engine.id}`}
                checked={backend === b.name}
                disabled={!b.available}
                onChange={() => setSetting('backend', b.name as BackendName)}
                data-testid={`backend-${b.name}`}
              />
              <span>
                <strong>{b.name}</strong>
                {b.available ? <span className="engine__detail"> — {b.detail ?? b.package}</span> : <Reason text={b.reason ?? 'not available here'} />}
              </span>
            </label>
          ))}
        </fieldset>
      ))}
    </Panel>
  );
}
