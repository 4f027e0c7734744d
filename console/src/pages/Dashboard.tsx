/**
 * The figures of the admin's subtree as charts, from GET /organisations/{id}/dashboard. That route
 * is being added beside the console; until it answers, the page says there is no data (404).
 */
import { useQuery } from '@tanstack/react-query';
import { Card, Col, Empty, Row, Statistic } from 'antd';
import { fetchOptional } from '../api/client';
import { BarChart } from '../components/BarChart';
import { ProblemAlert } from '../components/problems';
import { useI18n } from '../i18n';
import { useSession } from '../session';

type Figures = Record<string, unknown>;

export default function Dashboard() {
  const { t } = useI18n();
  const { orgId } = useSession();
  const dashboard = useQuery({ queryKey: ['dashboard', orgId], queryFn: () => fetchOptional<Figures>(`/organisations/${encodeURIComponent(orgId)}/dashboard`).then((f) => f ?? null) });
  if (dashboard.error) return <ProblemAlert error={dashboard.error} />;
  if (dashboard.isLoading) return <Card loading />;
  const figures = dashboard.data;
  if (!figures) return <Card title={t('menu.dashboard')}><Empty data-testid="dashboard-empty" description={t('common.noData')} /></Card>;
  // Whatever numbers the route answers: the top-level ones as statistics, each series of {day, …} rows as a chart.
  const numbers = Object.entries(figures).filter((e): e is [string, number] => typeof e[1] === 'number');
  const series = Object.entries(figures).filter((e): e is [string, Record<string, unknown>[]] => Array.isArray(e[1]) && typeof e[1][0] === 'object');
  return (
    <Card title={t('menu.dashboard')} data-testid="dashboard">
      <Row gutter={16}>
        {numbers.map(([key, value]) => <Col key={key} span={6}><Statistic title={key} value={value} /></Col>)}
      </Row>
      {series.map(([key, rows]) => (
        <Card key={key} size="small" title={key} style={{ marginTop: 16 }}>
          <BarChart data={rows.flatMap((row) => Object.entries(row).filter(([, v]) => typeof v === 'number').map(([name, v]) => ({ label: String(row.day ?? row.date ?? ''), series: name, value: v as number })))} />
        </Card>
      ))}
    </Card>
  );
}
