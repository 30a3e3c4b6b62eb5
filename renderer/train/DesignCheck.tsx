import { useMemo } from 'react';
import { classifierNode } from '../../src/shapes/classes';
import { inferGraph } from '../../src/shapes/infer';
import { trainableSplit } from '../../src/shapes/trainable';
import { formatShape } from '../../src/shapeMath/shape';
import { Panel } from '../components/fields';
import { formatCount } from '../components/format';
import { useDataset } from '../state/datasetStore';
import { useNav } from '../state/navStore';
import { selectReadOnly, useEditor } from '../state/designStore';
import { classMismatch } from './readiness';
import { designAsTrained } from './startFrom';
import { useTrainSettings } from '../state/trainStore';

/** The design about to train: its input and output, its errors, and whether its class count fits the folder (with the fix; fine-tuning gets a new head instead). */
export function DesignCheck() {
  const doc = useEditor((s) => s.doc);
  const inference = useEditor((s) => s.inference);
  const readOnly = useEditor(selectReadOnly);
  const summary = useDataset((s) => s.summary);
  const go = useNav((s) => s.go);
  const init = useTrainSettings((s) => s.init);
  const fineTuning = init !== null;
  const classifier = useMemo(() => (doc ? classifierNode(doc) : null), [doc]);
  const folderClasses = useMemo(() => summary?.classes.map((c) => c.name) ?? null, [summary]);
  // Fine-tuning with a new head: the counts of the network the run trains, not of the design's old head.
  const trained = useMemo(() => {
    const asTrained = doc && designAsTrained(doc, init, folderClasses);
    return asTrained && asTrained !== doc ? { doc: asTrained, inference: inferGraph(asTrained) } : doc && inference ? { doc, inference } : null;
  }, [doc, inference, init, folderClasses]);
  const split = useMemo(() => (trained ? trainableSplit(trained.doc, trained.inference) : { trainable: 0, frozen: 0 }), [trained]);
  if (!doc || !inference || !trained) return <Panel title="Design"><p className="panel__text">No design is open.</p></Panel>;

  const input = doc.nodes.find((n) => n.kind === 'Input');
  const inputShape = input ? inference.nodes.get(input.id)?.shape : null;
  const outputs = inference.output?.length === 1 ? inference.output[0] : null;
  const trainedOutputs = trained.inference.output?.length === 1 ? trained.inference.output[0] : null;
  const mismatch = inference.errors.length === 0 && !fineTuning ? classMismatch({ outputs, datasetClasses: summary?.classes.length ?? null }) : null;

  const fix = () => {
    if (!classifier || !mismatch) return;
    useEditor.getState().setParam(classifier, 'units', mismatch.classes);
    useEditor.getState().endTyping();
  };

  return (
    <Panel title="Design" testId="train-design" actions={<button type="button" className="btn btn--small" onClick={() => go('design')}>Edit</button>}>
      <dl className="facts">
        <dt>Name</dt><dd data-testid="train-design-name">{doc.name}</dd>
        <dt>Input</dt><dd>{inputShape ? formatShape(inputShape) : '—'}</dd>
        <dt>Outputs</dt>
        <dd data-testid="train-outputs">
          {trainedOutputs ?? '—'}
          {trainedOutputs !== outputs && <span className="facts__note" data-testid="train-outputs-note"> (a new head; the design has {outputs ?? 'no'})</span>}
        </dd>
        <dt>Parameters</dt><dd data-testid="train-params">{split.frozen ? `${formatCount(split.trainable)} to train, ${formatCount(split.frozen)} frozen` : formatCount(trained.inference.totals.trainable)}</dd>
      </dl>
      {readOnly && <p className="callout callout--info">Read-only while it trains.</p>}
      {inference.errors.length > 0 && (
        <p className="callout callout--error">
          {inference.errors.length} error{inference.errors.length > 1 ? 's' : ''} in the design.{' '}
          <button type="button" className="link" onClick={() => go('design')}>Show in Design</button>
        </p>
      )}
      {mismatch && (
        <div className="callout callout--warn" data-testid="class-mismatch">
          <p>
            The design outputs <strong>{mismatch.outputs ?? 'no'}</strong> classes; the folder has <strong>{mismatch.classes}</strong>.
          </p>
          {classifier ? (
            <button type="button" className="btn btn--primary btn--small" data-testid="fix-classes" onClick={fix} disabled={readOnly}>
              Set {classifier}’s units to {mismatch.classes}
            </button>
          ) : (
            <p>The design does not end in a Dense layer (optionally followed by Softmax / Output), so change its last layer in Design.</p>
          )}
        </div>
      )}
    </Panel>
  );
}
