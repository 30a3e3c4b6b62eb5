import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { frozenIds } from '../../src/graph/freeze';
import { useDataset } from '../state/datasetStore';
import { useEditor } from '../state/designStore';
import { startFromCaption } from './startFrom';
import { useTrainSettings } from '../state/trainStore';

/** Fine-tuning: the run whose weights the next run starts from, what happens to its head, and a way back to training from scratch. */
export function StartFromPanel({ disabled }: { disabled: boolean }) {
  const init = useTrainSettings((s) => s.init);
  const setInit = useTrainSettings((s) => s.setInit);
  const summary = useDataset((s) => s.summary);
  const frozen = useEditor(useShallow((s) => (s.doc ? frozenIds(s.doc) : [])));
  const folderClasses = useMemo(() => summary?.classes.map((c) => c.name) ?? null, [summary]);
  if (!init) return null;
  return (
    <div className="callout callout--info start-from" data-testid="start-from">
      <p data-testid="start-from-caption">{startFromCaption(init, folderClasses)}</p>
      <p className="start-from__detail">
        {frozen.length ? `${frozen.length} frozen layer${frozen.length === 1 ? '' : 's'} keep their weights; the rest train.` : 'Every layer trains; freeze layers in Design to keep them as they are.'}
      </p>
      <button type="button" className="btn btn--small" data-testid="start-from-clear" onClick={() => setInit(null)} disabled={disabled} title="Train the design from fresh weights instead">
        Start from scratch instead
      </button>
    </div>
  );
}
