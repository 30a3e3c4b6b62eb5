import { useMemo } from 'react';
import type { RunCurves } from './curves';
import { align } from './align';
import { UPlotChart, type LineSpec } from './UPlotChart';

const LOSS_LINES: LineSpec[] = [
  { label: 'train (batch)', color: '#93c5fd', width: 1 },
  { label: 'train (epoch)', color: '#1d4ed8', width: 2, points: true },
  { label: 'validation (epoch)', color: '#ea580c', width: 2, points: true },
];
const ACCURACY_LINES: LineSpec[] = LOSS_LINES;

const ACCURACY_RANGE: [number, number] = [0, 1];
const percent = (v: number) => `${Math.round(v * 100)} %`;
const loss = (v: number) => String(Number(v.toPrecision(3)));

/** Loss and accuracy of a run, training (per batch and per epoch) and validation (per epoch), against epochs. */
export function RunCharts({ curves, height }: { curves: RunCurves; height?: number }) {
  const lossData = useMemo(() => align([
    { x: curves.batch.x, ys: [curves.batch.loss] },
    { x: curves.epoch.x, ys: [curves.epoch.loss, curves.epoch.valLoss] },
  ]), [curves]);
  const accuracyData = useMemo(() => align([
    { x: curves.batch.x, ys: [curves.batch.accuracy] },
    { x: curves.epoch.x, ys: [curves.epoch.accuracy, curves.epoch.valAccuracy] },
  ]), [curves]);
  return (
    <div className="run-charts">
      <UPlotChart title="Loss" lines={LOSS_LINES} data={lossData} xLabel="epoch" formatY={loss} height={height} testId="loss-chart" />
      <UPlotChart title="Accuracy" lines={ACCURACY_LINES} data={accuracyData} xLabel="epoch" formatY={percent} yRange={ACCURACY_RANGE} height={height} testId="accuracy-chart" />
    </div>
  );
}
