import { useShallow } from 'zustand/react/shallow';
import type { GraphNode } from '../../../src/graph/types';
import { useEditor } from '../../state/designStore';

/**
 * A node's part in fine-tuning: the Trainable switch (off keeps its weights as they are) and
 * "Freeze everything up to here" (the node and every layer it depends on).
 */
export function FreezeSection({ node }: { node: GraphNode }) {
  const { setFrozen, freezeUpTo } = useEditor(useShallow((s) => ({ setFrozen: s.setFrozen, freezeUpTo: s.freezeUpTo })));
  const trainable = !node.frozen;
  return (
    <div className="inspector__section" data-testid="freeze-section">
      <h3 className="inspector__subtitle">Fine-tuning</h3>
      <label className="switch" title="Off keeps this layer's weights as they are while the rest trains">
        <input
          type="checkbox"
          role="switch"
          className="switch__input"
          data-testid="node-trainable"
          checked={trainable}
          onChange={(e) => setFrozen([node.id], !e.target.checked)}
        />
        <span className="switch__track" aria-hidden="true"><span className="switch__thumb" /></span>
        <span className="switch__label">Trainable</span>
      </label>
      <p className="inspector__note" data-testid="freeze-state">
        {trainable ? 'Its weights are learnt in training.' : 'Frozen: training keeps its weights as they are.'}
      </p>
      <div className="inspector__actions">
        <button type="button" data-testid="freeze-up-to" onClick={() => freezeUpTo(node.id)} title="Freeze this layer and every layer it depends on; undo brings them back">
          Freeze everything up to here
        </button>
      </div>
    </div>
  );
}
