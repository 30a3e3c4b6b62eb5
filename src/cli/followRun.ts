import type { TrainEvent } from '../contract/events';
import type { RunEventMessage } from '../service/api';
import type { InceptionService } from '../service/service';
import { bar, type Out } from './cliService';
import { duration, summaryLine } from './runsCommands';

/** Renders events: one JSON line each with --json, a progress bar on a terminal, plain lines otherwise. */
function printer(json: boolean, out: Out): (event: TrainEvent) => void {
  const tty = process.stdout.isTTY && !json;
  let epochs = 0;
  let steps = 0;
  return (event) => {
    if (json) return out(JSON.stringify(event));
    switch (event.type) {
      case 'start':
        epochs = event.epochs;
        steps = event.stepsPerEpoch;
        if (event.init) out(initLine(event.init));
        return out(`training on ${event.trainSize} images (${event.valSize} for validation), ${event.classes.length} classes, backend ${event.backend}${event.fromEpoch ? `, resuming at epoch ${event.fromEpoch + 1}` : ''}${event.restart ? `; torchrun restarted the group (${event.restart.attempt} of at most ${event.restart.maxRestarts}) after: ${event.restart.reason}; resuming at step ${(event.fromStep ?? 0) + 1}` : ''}`);
      case 'batch':
        if (tty) {
          const inEpoch = (event.step % steps) + 1;
          process.stdout.write(`\repoch ${event.epoch + 1}/${epochs} ${bar(inEpoch / steps)} ${inEpoch}/${steps}  loss ${event.loss.toFixed(4)}  acc ${event.accuracy.toFixed(3)}  ${event.imagesPerSecond.toFixed(1)} img/s  ETA ${duration(event.etaSeconds)}  `);
        }
        return;
      case 'epoch':
        if (tty) process.stdout.write('\n');
        return out(`epoch ${event.epoch + 1}/${epochs}: loss ${event.loss.toFixed(4)} acc ${event.accuracy.toFixed(3)}  val loss ${event.valLoss?.toFixed(4) ?? '—'} val acc ${event.valAccuracy?.toFixed(3) ?? '—'}  ${event.imagesPerSecond.toFixed(1)} img/s${event.best ? '  (best)' : ''}`);
      case 'skipped':
        return out(`skipped ${event.path}: ${event.reason}`);
      case 'checkpoint':
        return;
      case 'end':
        if (tty) process.stdout.write('\n');
        return out(`${event.status}${event.message ? `: ${event.message}` : ''}`);
    }
  };
}

/** What fine-tuning took from its initial run, in one line. */
export function initLine(init: { run: string; copied: number; fresh: string[] }): string {
  return `starting from ${init.run}: ${init.copied} weight tensors copied; ${init.fresh.length ? `fresh: ${init.fresh.join(', ')}` : 'nothing fresh'}`;
}

/** Follows one run until its end event; Ctrl-C stops it gracefully (a checkpoint first). Returns the exit code. */
export async function follow(api: InceptionService, runId: string, json: boolean, out: Out): Promise<number> {
  const print = printer(json, out);
  let stopping = false;
  const onSignal = () => {
    if (stopping) return;
    stopping = true;
    process.stderr.write('\nstopping after the current batch (checkpoint first)…\n');
    void api.stopTraining(runId).catch(() => undefined);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const end = await new Promise<Extract<TrainEvent, { type: 'end' }>>((resolve) => {
      const unsubscribe = api.onRunEvent((message: RunEventMessage) => {
        if (message.runId !== runId) return;
        print(message.event);
        if (message.event.type === 'end') {
          unsubscribe();
          resolve(message.event);
        }
      });
    });
    if (!json) {
      const { info } = await api.getRun(runId);
      out(summaryLine(info));
      out(`run folder: ${info.dir}`);
    }
    return end.status === 'failed' ? 1 : 0;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
