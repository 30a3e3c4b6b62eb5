import { memo, useMemo, useState, type DragEvent, type KeyboardEvent } from 'react';
import { CATEGORIES } from '../../../src/layers/catalog';
import type { LayerDef } from '../../../src/layers/define';
import { CATEGORY_CLASS } from '../canvas/LayerNode';
import { LAYER_MIME } from '../canvas/placement';
import { useAddLayer } from '../canvas/useAddLayer';
import { selectReadOnly, useEditor } from '../../state/designStore';
import { searchLayers } from './layerSearch';
import { plainText } from '../../components/codeSpans';

/** What the palette tooltip says of a layer: what it does and how many inputs it takes. */
export function layerTooltip(layer: LayerDef): string {
  const { min, max } = layer.inputs;
  const inputs = max === 0 ? 'No input.' : max === 1 ? 'One input.' : `${min} to ${max} inputs, in order.`;
  return `${plainText(layer.description)}\n${inputs} Drag onto the canvas, or double-click / Enter to add.`;
}

/**
 * The layer palette, grouped by category, with search. Drag an item onto the canvas, or double-click
 * it (Enter when focused) to add it below the selected node or at the centre of the view.
 */
export const Palette = memo(function Palette() {
  const [query, setQuery] = useState('');
  const add = useAddLayer();
  const readOnly = useEditor(selectReadOnly);
  const found = useMemo(() => searchLayers(query), [query]);
  const groups = CATEGORIES.map((category) => ({ category, layers: found.filter((l) => l.category === category) }))
    .filter((g) => g.layers.length > 0);

  const onDragStart = (event: DragEvent, kind: string) => {
    event.dataTransfer.setData(LAYER_MIME, kind);
    event.dataTransfer.effectAllowed = 'copy';
  };
  const onItemKey = (event: KeyboardEvent, kind: string) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    add(kind);
  };
  const onSearchKey = (event: KeyboardEvent) => {
    if (event.key === 'Enter' && found[0]) {
      add(found[0].kind);
      setQuery('');
    }
    if (event.key === 'Escape') setQuery('');
  };

  return (
    <aside className={readOnly ? 'palette palette--read-only' : 'palette'} aria-label="Layers">
      <input
        className="palette__search"
        type="search"
        placeholder="Search layers…"
        value={query}
        data-testid="palette-search"
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={onSearchKey}
      />
      <div className="palette__groups">
        {groups.map(({ category, layers }) => (
          <section key={category} className="palette__group">
            <h3 className="palette__heading">{category.replace('/', '/\u200b')}</h3>
            {layers.map((layer) => (
              <button
                type="button"
                key={layer.kind}
                className={`palette__item palette__item--${CATEGORY_CLASS[layer.category] ?? 'core'}`}
                draggable={!readOnly}
                disabled={readOnly}
                data-testid={`palette-${layer.kind}`}
                title={layerTooltip(layer)}
                onDragStart={(e) => onDragStart(e, layer.kind)}
                onDoubleClick={() => add(layer.kind)}
                onKeyDown={(e) => onItemKey(e, layer.kind)}
              >
                {layer.title}
              </button>
            ))}
          </section>
        ))}
        {groups.length === 0 && <p className="palette__empty">No layer matches “{query}”.</p>}
      </div>
    </aside>
  );
});
