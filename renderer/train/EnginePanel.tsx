import type { BackendName } from '../../src/service/api';
import type { TorchEngineStatus } from '../../src/service/api';
import { NumberField, Panel, SelectField } from '../components/fields';
import { useHost } from '../state/hostStore';
import { AutoEngine } from './AutoEngine';
import { useTrainSettings } from '../state/trainStore';
import { TorchClusterOptions } from './TorchClusterOptions';
import { useEngineChoice } from './useEngineChoice';

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
  const { choice, notAsked, refresh } = useEngineChoice();
  // Under "Automatic" the options of the engine it picks stay editable: they apply when it runs.
  const activeEngine = chosenEngine === 'auto' ? (choice && !(choice instanceof Error) ? choice.engine : null) : chosenEngine;
  if (engines === null) return <Panel title="Engine"><p className="panel__text">Asking the host…</p></Panel>;
  if (engines instanceof Error) return <Panel title="Engine"><p className="callout callout--error">The host could not list its engines: {engines.message}</p></Panel>;

  return (
    <Panel title="Engine and device" testId="engine-panel">
      <AutoEngine choice={choice} notAsked={notAsked} refresh={refresh} disabled={disabled} />
      {engines.engines.map((engine) => {
        const torch = engine.id === 'torch';
        const chosen = (torch ? torchDevice : backend) as string | null;
        const choose = (name: string | null) =>
          torch ? setSetting('torchDevice', name as 'cuda' | 'mps' | 'cpu' | null) : setSetting('backend', name as BackendName | null);
        const prefix = torch ? 'torch-device' : 'backend';
        return (
        <fieldset key={engine.id} className="engine" disabled={disabled || !engine.available || activeEngine !== engine.id}>
          <legend className="engine__title">
            <label className="engine__choice">
              <input
                type="radio"
                name="engine"
                checked={chosenEngine === engine.id}
                disabled={disabled || !engine.available}
                onChange={() => setSetting('engine', engine.id)}
                data-testid={`engine-${engine.id}`}
              /> {engine.title}
            </label>
            {!engine.available && <span className="engine__missing"> — unavailable</span>}
          </legend>
          <label className="engine__backend">
            <input type="radio" name={`backend-${engine.id}`} checked={chosen === null} onChange={() => choose(null)} data-testid={`${prefix}-auto`} />
            <span>Best available{engine.active ? ` (now ${engine.active})` : ''}</span>
          </label>
          {engine.backends.filter((b) => b.available || !b.otherPlatform).map((b) => (
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
          {torch && engine.available && <TorchOptions engine={engine as TorchEngineStatus} />}
        </fieldset>
        );
      })}
    </Panel>
  );
}

/** Precision, processes and machines of a PyTorch run; fp16 only where a CUDA GPU would run it. */
function TorchOptions({ engine }: { engine: TorchEngineStatus }) {
  const precision = useTrainSettings((s) => s.settings.torchPrecision);
  const processes = useTrainSettings((s) => s.settings.torchProcesses);
  const device = useTrainSettings((s) => s.settings.torchDevice);
  const setSetting = useTrainSettings((s) => s.setSetting);
  const cuda = engine.backends.some((b) => b.name === 'cuda' && b.available) && (device === null || device === 'cuda');
  return (
    <div className="engine__options">
      <SelectField
        label="Precision"
        value={precision}
        testId="torch-precision"
        onChange={(value) => setSetting('torchPrecision', value)}
        help={precision === 'fp16' && !cuda ? 'fp16 needs a CUDA GPU: choose another precision.' : undefined}
        options={[
          { value: 'auto', label: 'Automatic (fast defaults)', title: 'GPU: bf16 or fp16 mixed precision; CPU: bf16 only where measured faster' },
          { value: 'fp32', label: 'fp32' },
          { value: 'bf16', label: 'bf16 mixed precision' },
          { value: 'fp16', label: 'fp16 mixed precision (CUDA)', disabled: !cuda },
        ]}
      />
      <NumberField
        label="Processes"
        value={processes}
        min={1}
        max={64}
        integer
        testId="torch-processes"
        onChange={(value) => setSetting('torchProcesses', value)}
        help="More than 1: several training processes share each step, one per GPU; on the CPU they share the cores."
      />
      <TorchClusterOptions />
    </div>
  );
}

