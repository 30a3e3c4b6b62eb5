import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { frozenIds } from '../../../src/graph/freeze';
import { getLayer } from '../../../src/layers/catalog';
import { trainableSplit } from '../../../src/shapes/trainable';
import { totalsWaitReason } from '../../components/totals';
import { formatCount } from '../../components/format';
import { useEditor } from '../../state/designStore';

/** With nothing selected: the design's name, its size, and how to start. */
export function DesignInspector() {
  const name = useEditor((s) => s.doc?.name ?? '');
  const nodeCount = useEditor((s) => s.doc?.nodes.length ?? 0);
  const edgeCount = useEditor((s) => s.doc?.edges.length ?? 0);
  const blocks = useEditor((s) => s.doc?.nodes.filter((n) => getLayer(n.kind)?.composite).length ?? 0);
  const rename = useEditor((s) => s.rename);
  const endTyping = useEditor((s) => s.endTyping);
  const explode = useEditor((s) => s.explode);
  const setFrozen = useEditor((s) => s.setFrozen);
  const frozen = useEditor(useShallow((s) => (s.doc ? frozenIds(s.doc) : [])));
  const split = useEditor(useShallow((s) => (s.doc && s.inference ? trainableSplit(s.doc, s.inference) : { trainable: 0, frozen: 0 })));
  // As the status bar: no partial totals while errors leave layers without a shape.
  const waiting = useEditor((s) => totalsWaitReason(s.inference));
  const [draft, setDraft] = useState(name);
  const [seen, setSeen] = useState(name);
  if (seen !== name) {
    setSeen(name);
    setDraft(name);
  }

  return (
    <>
      <div className="inspector__section">
        <h2 className="inspector__title">Design</h2>
        <div className="field">
          <label className="field__label" htmlFor="design-name-input"><span>Name</span></label>
          <div className="field__control">
            <input
              id="design-name-input"
              type="text"
              data-testid="design-name-input"
              value={draft}
              maxLength={200}
              onChange={(e) => {
                setDraft(e.target.value);
                if (e.target.value.trim()) rename(e.target.value);
              }}
              onBlur={endTyping}
            />
          </div>
        </div>
        <p className="inspector__description">
          {nodeCount} layers, {edgeCount} connections{blocks ? `, ${blocks} blocks` : ''}.
        </p>
        <dl className="inspector__facts inspector__split" data-testid="design-params">
          <dt>To train</dt>
          <dd data-testid="design-trainable" title={waiting ?? undefined}>{waiting ? '— (waits for the errors)' : `${formatCount(split.trainable)} params`}</dd>
          <dt>Frozen</dt>
          <dd data-testid="design-frozen">{frozen.length ? `${waiting ? '—' : formatCount(split.frozen)} params in ${frozen.length} ${frozen.length === 1 ? 'layer' : 'layers'}` : 'none'}</dd>
        </dl>
        {frozen.length > 0 && (
          <div className="inspector__actions inspector__actions--below">
            <button type="button" data-testid="unfreeze-all" onClick={() => setFrozen(frozen, false)} title="Every layer trains again (undo brings the freeze back)">
              Make every layer trainable
            </button>
          </div>
        )}
        {blocks > 0 && (
          <div className="inspector__actions">
            <button type="button" data-testid="explode-all" onClick={() => explode('all')} title="Replace every block by primitive layers (undo brings them back)">
              Explode all blocks
            </button>
          </div>
        )}
      </div>
      <div className="inspector__section inspector__tips">
        <h3 className="inspector__subtitle">Getting started</h3>
        <ul>
          <li>Drag a layer from the palette, or type its name to add it.</li>
          <li>Drag from a node’s bottom handle to another’s top handle to connect them.</li>
          <li>Select a node to edit its parameters here.</li>
          <li>Press <kbd>?</kbd> for every shortcut.</li>
        </ul>
      </div>
    </>
  );
}
