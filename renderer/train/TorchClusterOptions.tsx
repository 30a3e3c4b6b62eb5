import { useId } from 'react';
import { NumberField } from '../components/fields';
import { useTrainSettings } from '../state/trainStore';

/** Several machines (torchrun's c10d rendezvous) and elastic restarts of a PyTorch run, in plain words. */
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
        help="1: this machine alone. More: the same run trains on several machines at once."
      />
      {nodes > 1 && (
        <>
          <ol className="cluster-steps" data-testid="torch-cluster-steps">
            <li>Pick the first machine; note its address (e.g. 10.0.0.1) and a free port (e.g. 29400).</li>
            <li>On every machine, open this app with the same design, image folder and options, and set Machines to {nodes}.</li>
            <li>Number them: 0 on the first machine, then 1, 2… — each a different number.</li>
            <li>Start on each. Training begins once all {nodes} have joined; the first machine saves the run.</li>
          </ol>
          <NumberField
            label="This machine's number"
            value={nodeRank}
            min={0}
            max={nodes - 1}
            integer
            testId="torch-node-rank"
            onChange={(value) => setSetting('torchNodeRank', value)}
            help={`0 on the first machine, up to ${nodes - 1}.`}
          />
          <div className={missingEndpoint ? 'form-field form-field--invalid' : 'form-field'}>
            <label className="form-field__label" htmlFor={rendezvousId}>First machine's address and port</label>
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
            <p className={missingEndpoint ? 'form-field__error' : 'form-field__help'} data-testid="torch-rendezvous-help">
              {missingEndpoint
                ? 'Needed to start: the first machine\'s address and a free port, like 10.0.0.1:29400, the same on every machine.'
                : 'The same on every machine; the machines meet there before training.'}
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
        help="When a training process dies, all of them restart and resume from the last checkpoint."
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
