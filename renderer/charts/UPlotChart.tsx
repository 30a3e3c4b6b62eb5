import { memo, useEffect, useLayoutEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { pointCount, type Aligned } from './align';

/** One line of a chart. */
export interface LineSpec {
  label: string;
  color: string;
  width?: number;
  dash?: number[];
  /** Draw a dot at each point (for sparse series such as one value per epoch). */
  points?: boolean;
}

interface UPlotChartProps {
  title: string;
  lines: readonly LineSpec[];
  /** x column, then one column per line. */
  data: Aligned;
  xLabel: string;
  /** Formats y values on the axis and in the legend. */
  formatY?: (value: number) => string;
  /** Fixes the y range (accuracy: 0..1); otherwise it follows the data. */
  yRange?: [number, number];
  height?: number;
  /** Ticks on whole x values only (epochs of a comparison). */
  integerX?: boolean;
  testId?: string;
}

const INTEGER_STEPS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000];
const AXIS = { stroke: '#475569', grid: { stroke: '#e2e8f0', width: 1 }, ticks: { stroke: '#cbd5e1', width: 1 }, font: '12px system-ui, sans-serif' };

/**
 * A uPlot line chart sized to its container. The chart is made once per set of lines; new data is
 * handed to `setData`, which redraws without rebuilding, so streamed points are cheap.
 * `data-points` on the element counts the drawn points (tests read it).
 */
export const UPlotChart = memo(function UPlotChart({ title, lines, data, xLabel, formatY, yRange, height = 220, integerX = false, testId }: UPlotChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | null>(null);
  const latest = useRef(data);
  latest.current = data;
  const linesKey = JSON.stringify(lines);

  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    const format = formatY ?? ((v: number) => String(Number(v.toPrecision(4))));
    const parsedLines = JSON.parse(linesKey) as LineSpec[];
    const options: uPlot.Options = {
      width: Math.max(el.clientWidth, 200),
      height,
      legend: { show: true, live: true },
      cursor: { drag: { x: true, y: false } },
      scales: { x: { time: false }, y: yRange ? { range: () => yRange } : { auto: true } },
      axes: [
        { ...AXIS, label: xLabel, labelSize: 18, size: 36, ...(integerX ? { incrs: INTEGER_STEPS } : {}) },
        { ...AXIS, size: 56, values: (_u, values) => values.map((v) => format(v)) },
      ],
      series: [
        { label: xLabel, value: (_u, v) => (v === null || v === undefined ? '—' : String(Number(v.toFixed(2)))) },
        ...parsedLines.map((line): uPlot.Series => ({
          label: line.label,
          stroke: line.color,
          width: line.width ?? 1.5,
          dash: line.dash,
          spanGaps: true,
          points: { show: line.points ?? false, size: 6, fill: line.color },
          value: (_u, v) => (v === null || v === undefined ? '—' : format(v)),
        })),
      ],
    };
    const u = new uPlot(options, latest.current as uPlot.AlignedData, el);
    chart.current = u;
    const observer = new ResizeObserver(() => {
      const width = el.clientWidth;
      if (width > 0 && Math.abs(width - u.width) > 1) u.setSize({ width, height });
    });
    observer.observe(el);
    return () => {
      observer.disconnect();
      u.destroy();
      chart.current = null;
    };
    // The chart is rebuilt only when the lines (or the axes) change; data goes through setData below.
  }, [linesKey, height, xLabel, integerX, yRange?.[0], yRange?.[1]]);

  useEffect(() => {
    chart.current?.setData(data as uPlot.AlignedData);
  }, [data]);

  return (
    <figure className="chart" data-testid={testId} data-points={pointCount(data)}>
      <figcaption className="chart__title">{title}</figcaption>
      <div ref={box} className="chart__plot" role="img" aria-label={title} />
    </figure>
  );
});
