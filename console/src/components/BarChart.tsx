/**
 * A small SVG bar chart (figures per day). Stands in for @ant-design/plots, which is not
 * installed yet (console-needs.txt); the same props map onto its Column chart.
 */
export function BarChart(props: { data: { label: string; value: number; series?: string }[]; height?: number; testId?: string; title?: string }) {
  const height = props.height ?? 220;
  const series = [...new Set(props.data.map((d) => d.series ?? ''))];
  const labels = [...new Set(props.data.map((d) => d.label))];
  const max = Math.max(1, ...props.data.map((d) => d.value));
  const colors = ['#1677ff', '#52c41a', '#faad14', '#eb2f96', '#722ed1'];
  const groupWidth = 600 / Math.max(1, labels.length);
  const barWidth = Math.max(2, (groupWidth - 8) / series.length);
  return (
    <figure data-testid={props.testId} style={{ margin: 0 }}>
      <svg viewBox={`0 0 640 ${height + 40}`} width="100%" role="img" aria-label={props.title}>
        <line x1="30" y1={height} x2="640" y2={height} stroke="#d9d9d9" />
        {labels.map((label, i) => (
          <g key={label}>
            {series.map((s, j) => {
              const value = props.data.find((d) => d.label === label && (d.series ?? '') === s)?.value ?? 0;
              const h = (value / max) * (height - 20);
              const x = 34 + i * groupWidth + j * barWidth;
              return (
                <g key={s}>
                  <rect x={x} y={height - h} width={barWidth - 1} height={h} fill={colors[j % colors.length]}>
                    <title>{`${label} ${s}: ${value}`}</title>
                  </rect>
                  {labels.length <= 14 && <text x={x + barWidth / 2} y={height - h - 4} fontSize="10" textAnchor="middle">{value}</text>}
                </g>
              );
            })}
            <text x={34 + i * groupWidth + groupWidth / 2 - 4} y={height + 16} fontSize="10" textAnchor="middle">{label.slice(5)}</text>
          </g>
        ))}
      </svg>
      {series.length > 1 && (
        <figcaption style={{ display: 'flex', gap: 12, fontSize: 12 }}>
          {series.map((s, j) => (
            <span key={s}><span style={{ display: 'inline-block', width: 10, height: 10, background: colors[j % colors.length], marginRight: 4 }} />{s}</span>
          ))}
        </figcaption>
      )}
    </figure>
  );
}
