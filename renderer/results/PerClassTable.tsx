import type { Evaluation } from '../components/runReport';
import { formatCount, formatPercent } from '../components/format';

/** Precision and recall of every class, with bars. */
export function PerClassTable({ perClass }: { perClass: Evaluation['perClass'] }) {
  return (
    <table className="data-table per-class" data-testid="per-class">
      <thead>
        <tr><th>Class</th><th className="num">Images</th><th>Precision</th><th>Recall</th></tr>
      </thead>
      <tbody>
        {perClass.map((c) => (
          <tr key={c.name}>
            <td className="data-table__name" title={c.name}>{c.name}</td>
            <td className="num">{formatCount(c.support)}</td>
            <td><Meter value={c.precision} /></td>
            <td><Meter value={c.recall} /></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Meter({ value }: { value: number | null }) {
  return (
    <span className="meter" title={value === null ? 'no image predicted as or belonging to this class' : undefined}>
      <span className="meter__track"><span className="meter__fill" style={{ width: `${(value ?? 0) * 100}%` }} /></span>
      <span className="meter__value">{formatPercent(value)}</span>
    </span>
  );
}
