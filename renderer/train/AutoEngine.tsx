import type { EngineChoice } from '../../src/service/api';
import type { TorchEngineStatus } from '../../src/service/api';
import { useHost } from '../state/hostStore';
import { useTrainSettings } from '../state/trainStore';

/** The "Automatic" engine: what it picks here and why, before Start. */
export function AutoEngine({ choice, notAsked, refresh, disabled }: { choice: EngineChoice | Error | null; notAsked: string | null; refresh(): void; disabled: boolean }) {
  const chosenEngine = useTrainSettings((s) => s.settings.engine);
  const setSetting = useTrainSettings((s) => s.setSetting);
  const cpuPrecision = useHost((s) => (s.engines && !(s.engines instanceof Error) ? (s.engines.engines.find((e) => e.id === 'torch') as TorchEngineStatus | undefined)?.cpuPrecision ?? null : null));
  return (
    <fieldset className="engine" disabled={disabled}>
      <legend className="engine__title">
        <input
          type="radio"
          name="engine"
          checked={chosenEngine === 'auto'}
          onChange={() => setSetting('engine', 'auto')}
          aria-label="Automatic"
          data-testid="engine-auto"
        /> Automatic (the fastest engine here)
      </legend>
      <p className="engine__backend" data-testid="engine-choice">
        {notAsked !== null && notAsked}
        {notAsked === null && choice === null && 'Measuring both engines on a design of this size, in alternating rounds (about half a minute the first time)…'}
        {choice instanceof Error && <span className="engine__reason">Could not measure the engines: {choice.message}</span>}
        {choice !== null && !(choice instanceof Error) && (
          <span>
            <strong>{choice.reason}</strong>
            <span className="engine__detail">
              {' '}— measured {new Date(choice.measuredAt).toLocaleDateString()}
              {choice.measurements > 1 && ` (${choice.measurements} measurements combined)`}{' '}
              <button type="button" className="link-button" onClick={refresh} data-testid="engine-remeasure">measure again</button>
            </span>
            {choice.engine === 'torch' && choice.device === 'cpu' && (
              <span className="engine__detail" data-testid="engine-precision">
                {' '}PyTorch on this CPU trains in{' '}
                {cpuPrecision ? cpuPrecision.why : 'the precision its first run measures fastest here (fp32, fp32 + channels_last, and bf16 where the CPU has it)'}.
              </span>
            )}
          </span>
        )}
      </p>
    </fieldset>
  );
}
