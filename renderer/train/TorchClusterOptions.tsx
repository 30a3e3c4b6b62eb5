import { useId } from 'react';
import { NumberField } from '../components/fields';
import { useTrainSettings } from './store';

/** Several machines (torchrun's c10d rendezvous) and elastic restarts of a PyTorch run. */
export function TorchClusterOptions() {
  const nodes = useTrainSettings((s) => s.settings.torchNodes);
  const nodeRank = useTrainSettings((s) => s.settings.torchNodeRank);
  const rendezvous = useTrainSettings((s) => s.settings.torchRendezvous);
  const maxRestarts = useTrainSettings((s) => s.settings.torchMaxRestarts);
  const checkpointEvery = useTrainSettings((s) => s.settings.torchCheckpointEvery);
  const setSetting = useTrainSettings((s) => s.setSetting);
  const missingEndpoint = nodes > 1 && !/^\S+:\d{1,5}$/.test(rendezvous.trim());
  const rendezvousId = useId();
  return (
    <>
      <NumberField
        label="Machines"
        value={nodes}
        min={1}
        max={10_000}
        integer
        testId="torch-nodes"
        onChange={(value) => setSetting('torchNodes', value)}
        help="More than 1: start the same run on every machine, each with its own node rank; rank 0 writes the events and checkpoints."
      />
      {nodes > 1 && (
        <>
          <NumberField label="This machine's node rank" value={nodeRank} min={0} max={nodes - 1} integer testId="torch-node-rank" onChange={(value) => setSetting('torchNodeRank', value)} />
          <div className={missingEndpoint ? 'form-field form-field--invalid' : 'form-field'}>
            <label className="form-field__label" htmlFor={rendezvousId}>Rendezvous (HOST:PORT)</label>
            <input
              id={rendezvousId}
              className="form-field__input"
              type="text"
              value={rendezvous}
              placeholder="10.0.0.1:29400"
              onChange={(e) => setSetting('torchRendezvous', e.target.value)}
              data-testid="torch-rendezvous"
              aria-invalid={missingEndpoint}
            />
            <p className={missingEndpoint ? 'form-field__error' : 'form-field__help'}>
              {missingEndpoint ? 'Give the first machine\'s address and a free port, the same on every machine.' : 'torchrun\'s c10d rendezvous, the same on every machine.'}
            </p>
          </div>
        </>
      )}
      <NumberField
        label="Restarts after a failure"
        value={maxRestarts}
        min={0}
        max={1000}
        integer
        testId="torch-max-restarts"
        onChange={(value) => setSetting('torchMaxRestarts', value)}
        help="When a worker dies, torchrun restarts the group, which resumes from the last checkpoint."
      />
      <NumberField
        label="Checkpoint every (steps)"
        value={checkpointEvery}
        min={0}
        max={1_000_000}
        integer
        testId="torch-checkpoint-every"
        onChange={(value) => setSetting('torchCheckpointEvery', value)}
        help="0: at every epoch's end, and every 100 steps when restarts are allowed. A restart loses at most the steps since the last one."
      />
    </>
  );
}
