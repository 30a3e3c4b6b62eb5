import type { ClassificationPage, ClassificationQuery, ResultSort } from '../../src/service/api';
import { Thumbnail } from '../components/Thumbnail';
import { useImagePreviews } from '../components/previews';
import { formatPercent } from '../components/format';

const PREVIEW = { size: 48, channels: 3 as const, resize: 'crop' as const };

const COLUMNS: { sort: ResultSort; title: string; className?: string }[] = [
  { sort: 'path', title: 'Path' },
  { sort: 'label', title: 'Top-1' },
  { sort: 'probability', title: 'Probability', className: 'num' },
];

/** The column of each image's most probable classes, named after how many it shows. */
const topHeading = (rows: ClassificationPage['rows']): string => {
  const k = Math.max(1, ...rows.map((r) => r.top.length));
  return k === 1 ? 'Most probable' : `Top ${k}`;
};

/** One page of results: sortable headers (path, top-1, probability), thumbnails, the top classes, and paging. */
export function ClassifyTable({ page, query, onSort, onPage }: {
  page: ClassificationPage;
  query: ClassificationQuery;
  onSort: (column: ResultSort) => void;
  onPage: (offset: number) => void;
}) {
  const previews = useImagePreviews(page.rows.map((r) => r.path), PREVIEW);
  const last = Math.min(page.count, page.offset + page.rows.length);
  return (
    <>
      <table className="data-table classify__table" data-testid="classify-table">
        <thead>
          <tr>
            <th aria-label="Image" />
            {COLUMNS.map((c) => (
              <th key={c.sort} className={c.className} aria-sort={query.sort === c.sort ? (query.descending ? 'descending' : 'ascending') : 'none'}>
                <button type="button" className="sort-button" data-testid={`classify-sort-${c.sort}`} onClick={() => onSort(c.sort)}>
                  {c.title}{query.sort === c.sort ? (query.descending ? ' ▼' : ' ▲') : ''}
                </button>
              </th>
            ))}
            <th data-testid="classify-top-heading">{topHeading(page.rows)}</th>
          </tr>
        </thead>
        <tbody>
          {page.rows.map((row) => (
            <tr key={row.path} data-testid="classify-row">
              <td><Thumbnail path={row.path} preview={previews.get(row.path)} size={PREVIEW.size} /></td>
              <td className="classify__path-cell" title={row.path}>{relative(row.path, page.info.folder)}</td>
              <td data-testid="classify-top1">{row.top[0]?.label}</td>
              <td className="num" data-testid="classify-probability">{formatPercent(row.top[0]?.probability ?? null)}</td>
              <td className="classify__top5">{row.top.map((t) => `${t.label} ${formatPercent(t.probability)}`).join(' · ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="classify__pager">
        <span data-testid="classify-range">{page.count === 0 ? 'No results yet' : `${page.offset + 1}–${last} of ${page.count}`}</span>
        <button type="button" className="btn" disabled={page.offset === 0} onClick={() => onPage(Math.max(0, page.offset - query.limit))}>Previous</button>
        <button type="button" className="btn" data-testid="classify-next" disabled={last >= page.count} onClick={() => onPage(page.offset + query.limit)}>Next</button>
      </div>
    </>
  );
}

/** The path below the classified folder, as the table shows it (the tooltip has the whole path). */
function relative(file: string, folder: string): string {
  const base = folder.replace(/[\\/]+$/, '');
  return file.startsWith(base) ? file.slice(base.length + 1) : file;
}
