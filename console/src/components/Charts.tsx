/**
 * Charts of the console, on @ant-design/plots (G2). The library is large, so it is loaded only when
 * a chart first renders (its own lazy chunk, not part of the initial JavaScript); until then a
 * skeleton holds the chart's place.
 */
import { Skeleton } from 'antd';
import { lazy, Suspense } from 'react';

/** One point: a category on the x axis (a day, a month), the series it belongs to, its value. */
export interface Point {
  label: string;
  value: number;
  series?: string;
}

interface ChartProps {
  data: Point[];
  height?: number;
  testId?: string;
  title?: string;
}

const Column = lazy(() => import('@ant-design/plots').then((m) => ({ default: m.Column })));
const Line = lazy(() => import('@ant-design/plots').then((m) => ({ default: m.Line })));

const common = (props: ChartProps) => ({
  data: props.data.map((p) => ({ ...p, series: p.series ?? '' })),
  xField: 'label',
  yField: 'value',
  colorField: 'series',
  height: props.height ?? 260,
  autoFit: true,
  title: props.title,
  axis: { y: { title: false }, x: { title: false } },
});

/** Grouped columns: a few series side by side per category (a campaign's days). */
export function ColumnChart(props: ChartProps) {
  return (
    <figure data-testid={props.testId} style={{ margin: 0 }}>
      <Suspense fallback={<Skeleton.Node active style={{ width: '100%', height: props.height ?? 260 }} />}>
        <Column {...common(props)} group label={props.data.length <= 40 ? { text: 'value', position: 'inside' } : undefined} />
      </Suspense>
    </figure>
  );
}

/** Lines: series over time (months of the dashboard). */
export function LineChart(props: ChartProps) {
  return (
    <figure data-testid={props.testId} style={{ margin: 0 }}>
      <Suspense fallback={<Skeleton.Node active style={{ width: '100%', height: props.height ?? 260 }} />}>
        <Line {...common(props)} point={{ shapeField: 'circle', sizeField: 3 }} />
      </Suspense>
    </figure>
  );
}
