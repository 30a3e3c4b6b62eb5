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
  const chosenEngine = useTrainSettings((s) => s.settings.engine);
  const torchDevice = useTrainSettings((s) => s.settings.torchDevice);
  const setSetting = useTrainSettings((s) => s.setSetting);
  if (engines === null) return <Panel title="Engine"><p className="panel__text">Asking the host…</p></Panel>;
  if (engines instanceof Error) return <Panel title="Engine"><p className="callout callout--error">The host could not list its engines: {engines.message}</p></Panel>;

  return (
    <Panel title="Engine and device" testId="engine-panel">
      {engines.engines.map((engine) => {
        const torch = engine.id === 'torch';
        const chosen = (torch ? torchDevice : backend) as string | null;
        const choose = (name: string | null) =>
          torch ? setSetting('torchDevice', name as 'cuda' | 'mps' | 'cpu' | null) : setSetting('backend', name as BackendName | null);
        const prefix = torch ? 'torch-device' : 'backend';
        return (
        <fieldset key={engine.id} className="engine" disabled={disabled || !engine.available || chosenEngine !== engine.id}>
          <legend className="engine__title">
            <input
              type="radio"
              name="engine"
              checked={chosenEngine === engine.id}
              disabled={disabled || !engine.available}
              onChange={() => setSetting('engine', engine.id)}
              aria-label={engine.title}
              data-testid={`engine-${engine.id}`}
            /> {engine.title}
            {!engine.available && <span className="engine__missing"> — unavailable</span>}
          </legend>
          <label className="engine__backend">
            <input type="radio" name={`backend-${engine.id}`} checked={chosen === null} onChange={() => choose(null)} data-testid={`${prefix}-auto`} />
            <span>Best available{engine.active ? ` (now ${engine.active})` : ''}</span>
          </label>
          {engine.backends.map((b) => (
            <label key={b.name} className={b.available ? 'engine__backend' : 'engine__backend engine__backend--off'}>
              <input
                type="radio"
                name={`backend-${engine.id}`}
                checked={chosen === b.name}
                disabled={!b.available}
                onChange={() => choose(b.name)}
                data-testid={`${prefix}-${b.name}`}
              />
              <span>
                <strong>{b.name}</strong>
                {b.available ? <span className="engine__detail"> — {b.detail ?? b.package}</span> : <Reason text={b.reason ?? 'not available here'} />}
              </span>
            </label>
          ))}
        </fieldset>
        );
      })}
    </Panel>
  );
}
