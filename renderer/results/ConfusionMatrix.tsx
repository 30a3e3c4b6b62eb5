import { formatCount } from '../components/format';

/** A cell of the matrix: images of class `actual` predicted as `predicted`. */
export interface Cell { actual: number; predicted: number }

interface ConfusionMatrixProps {
  classes: readonly string[];
  /** confusion[actual][predicted] */
  confusion: readonly (readonly number[])[];
  selected: Cell | null;
  onSelect(cell: Cell): void;
}

/** The largest matrix drawn as a grid; bigger ones list their largest confusions instead. */
export const MAX_GRID_CLASSES = 40;

/** Column names are drawn upright in a narrow column; longer ones end in … (the whole name on hover). */
const COLUMN_LABEL_CHARS = 12;
const ROW_LABEL_CHARS = 22;

/** `abbreviate('Ankle boot of the year', 12)` → `Ankle boot …`; short names stay as they are. */
export function abbreviate(name: string, max: number): string {
  const chars = Array.from(name);
  return chars.length <= max ? name : `${chars.slice(0, max - 1).join('').trimEnd()}…`;
}

/** Off-diagonal cells, largest first. */
export function topConfusions(confusion: readonly (readonly number[])[], n: number): (Cell & { count: number })[] {
  const cells: (Cell & { count: number })[] = [];
  confusion.forEach((row, actual) => row.forEach((count, predicted) => {
    if (actual !== predicted && count > 0) cells.push({ actual, predicted, count });
  }));
  return cells.sort((a, b) => b.count - a.count).slice(0, n);
}

/**
 * Rows are the true classes, columns the predictions; each cell is shaded by its share of the row.
 * Correct predictions are blue, confusions red. Click a cell to see its images.
 */
export function ConfusionMatrix({ classes, confusion, selected, onSelect }: ConfusionMatrixProps) {
  if (classes.length > MAX_GRID_CLASSES) {
    return (
      <ol className="confusions" data-testid="confusion-list">
        {topConfusions(confusion, 25).map((c) => (
          <li key={`${c.actual}-${c.predicted}`}>
            <button type="button" className="link" onClick={() => onSelect(c)}>{classes[c.actual]} → {classes[c.predicted]}</button> {formatCount(c.count)}
          </li>
        ))}
      </ol>
    );
  }
  return (
    <div className="matrix-wrap">
      <table className="matrix" data-testid="confusion-matrix">
        <caption className="matrix__caption">rows: true class · columns: predicted class (hover a name for all of it)</caption>
        <thead>
          <tr>
            <th className="matrix__corner" scope="col">true ↓ predicted →</th>
            {classes.map((name) => (
              <th key={name} scope="col" className="matrix__col" title={name}>
                <span className="matrix__col-label">{abbreviate(name, COLUMN_LABEL_CHARS)}</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {confusion.map((row, i) => {
            const total = row.reduce((a, b) => a + b, 0) || 1;
            return (
              <tr key={classes[i]}>
                <th scope="row" className="matrix__row" title={classes[i]}>{abbreviate(classes[i], ROW_LABEL_CHARS)}</th>
                {row.map((count, j) => {
                  const share = count / total;
                  const hue = i === j ? '37 99 235' : '220 38 38';
                  const isSelected = selected?.actual === i && selected.predicted === j;
                  return (
                    <td key={j} className="matrix__cell-td">
                      <button
                        type="button"
                        className={isSelected ? 'matrix__cell matrix__cell--selected' : 'matrix__cell'}
                        style={{ background: count ? `rgb(${hue} / ${0.08 + share * 0.8})` : undefined, color: share > 0.55 ? '#fff' : undefined }}
                        onClick={() => onSelect({ actual: i, predicted: j })}
                        title={`${classes[i]} predicted as ${classes[j]}: ${count} (${Math.round(share * 100)} % of ${classes[i]})`}
                        data-testid={`cell-${i}-${j}`}
                      >
                        {count}
                      </button>
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
