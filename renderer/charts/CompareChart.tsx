import { useMemo } from 'react';
import type { RunCurves } from './curves';
import { align } from './align';
import { UPlotChart, type LineSpec } from './UPlotChart';

/** What the comparison plots, one value per epoch. */
export type CompareMetric = 'valAccuracy' | 'valLoss' | 'accuracy' | 'loss';

export const COMPARE_METRICS: Record<CompareMetric, { title: string; accuracy: boolean }> = {
  valAccuracy: { title: 'Validation accuracy', accuracy: true },
  valLoss: { title: 'Validation loss', accuracy: false },
  accuracy: { title: 'Training accuracy', accuracy: true },
  loss: { title: 'Training loss', accuracy: false },
};

/** Distinct colours for runs side by side (colour-blind friendly order). */
export const RUN_COLORS = ['#2563eb', '#ea580c', '#16a34a', '#9333ea', '#dc2626', '#0891b2', '#ca8a04', '#db2777'];

const ACCURACY_RANGE: [number, number] = [0, 1];
const percent = (v: number) => `${Math.round(v * 100)} %`;
const loss = (v: number) => String(Number(v.toPrecision(3)));

/** One metric of several runs per epoch, on one chart. */
export function CompareChart({ runs, metric }: { runs: readonly { id: string; label: string; color: string; curves: RunCurves }[]; metric: CompareMetric }) {
  const { accuracy, title } = COMPARE_METRICS[metric];
  const lines = useMemo<LineSpec[]>(() => runs.map((run) => ({ label: run.label, color: run.color, width: 2, points: true })), [runs]);
  const data = useMemo(() => align(runs.map((run) => ({ x: run.curves.epoch.x, ys: [run.curves.epoch[metric]] }))), [runs, metric]);
  return (
    <UPlotChart
      title={title}
      lines={lines}
      data={data}
      xLabel="epoch"
      formatY={accuracy ? percent : loss}
      yRange={accuracy ? ACCURACY_RANGE : undefined}
      height={280}
      integerX
      testId="compare-chart"
    />
  );
}
