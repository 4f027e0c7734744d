/**
 * The dashboard of a subtree, from GET /organisations/{id}/dashboard: every figure now with its
 * label, the open organisations by tier, and the figures month by month over a chosen range as a
 * line chart — for the admin's union or any union of her subtree picked in the tree.
 */
import { useQuery } from '@tanstack/react-query';
import { Card, Col, Input, Row, Select, Space, Statistic, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api, must } from '../api/client';
import type { paths } from '../api/schema';
import { LineChart } from '../components/Charts';
import { ProblemAlert } from '../components/problems';
import { WholeTable } from '../components/WholeTable';
import { shanghaiDay } from '../days';
import { useI18n, yuan, type MessageKey } from '../i18n';
import { useOrganisation, useSession } from '../session';
import { OrganisationTree } from './Organisations';

type View = paths['/organisations/{orgId}/dashboard']['get']['responses'][200]['content']['application/json'];
type Figures = View['figures'];

/** Each figure: its label and how to read it out of the answer (money in fen is shown as yuan). */
const figures: { key: string; label: MessageKey; value: (f: Figures) => number; money?: boolean }[] = [
  { key: 'members', label: 'dashboard.members', value: (f) => f.members },
  { key: 'verifiedMembers', label: 'dashboard.verifiedMembers', value: (f) => f.verifiedMembers },
  { key: 'gigFederations', label: 'dashboard.gigFederations', value: (f) => f.gigWorkers.federations },
  { key: 'gigMembers', label: 'dashboard.gigMembers', value: (f) => f.gigWorkers.members },
  { key: 'activities', label: 'dashboard.activities', value: (f) => f.activities.count },
  { key: 'participants', label: 'dashboard.participants', value: (f) => f.activities.participants },
  { key: 'checkedIn', label: 'dashboard.checkedIn', value: (f) => f.activities.checkedIn },
  { key: 'draws', label: 'dashboard.draws', value: (f) => f.draws.count },
  { key: 'drawEntrants', label: 'dashboard.drawEntrants', value: (f) => f.draws.entrants },
  { key: 'couponsReleased', label: 'dashboard.couponsReleased', value: (f) => f.coupons.released },
  { key: 'couponsClaimed', label: 'dashboard.couponsClaimed', value: (f) => f.coupons.claimed },
  { key: 'couponsRedeemed', label: 'dashboard.couponsRedeemed', value: (f) => f.coupons.redeemed },
  { key: 'subsidiesPaid', label: 'dashboard.subsidiesPaid', value: (f) => f.subsidiesPaid.count },
  { key: 'subsidiesPaidFen', label: 'dashboard.subsidiesPaidFen', value: (f) => f.subsidiesPaid.amountFen, money: true },
  { key: 'claimsPaid', label: 'dashboard.claimsPaid', value: (f) => f.claimsPaid.count },
  { key: 'claimsPaidFen', label: 'dashboard.claimsPaidFen', value: (f) => f.claimsPaid.amountFen, money: true },
  { key: 'articles', label: 'dashboard.articles', value: (f) => f.articles },
];

const tiers = [
  ['province', 'kind.province'],
  ['city', 'kind.city'],
  ['county', 'kind.county'],
  ['town', 'kind.town'],
  ['grassroots', 'kind.grassroots'],
  ['industryFederation', 'kind.industry-federation'],
] as const;

/** A month moved by `months` (YYYY-MM in and out). */
function addMonths(month: string, months: number): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  const index = year * 12 + (m - 1) + months;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

export default function Dashboard() {
  const { t } = useI18n();
  const { orgId: actingOn } = useSession();
  const [orgId, setOrgId] = useState(actingOn);
  useEffect(() => setOrgId(actingOn), [actingOn]);
  const thisMonth = shanghaiDay().slice(0, 7);
  const [range, setRange] = useState({ from: addMonths(thisMonth, -11), to: thisMonth });
  const [charted, setCharted] = useState(['members', 'activities', 'articles']);
  const organisation = useOrganisation(orgId);
  const dashboard = useQuery({
    queryKey: ['dashboard', orgId, range.from, range.to],
    queryFn: () => must(api().GET('/organisations/{orgId}/dashboard', { params: { path: { orgId }, query: range } })),
    enabled: !!orgId,
  });
  const view = dashboard.data;
  const show = (figure: (typeof figures)[number], f: Figures) => (figure.money ? yuan(figure.value(f)) : figure.value(f));

  return (
    <Row gutter={16}>
      <Col span={6}>
        <OrganisationTree selected={orgId} onSelect={setOrgId} />
      </Col>
      <Col span={18}>
        <Card
          data-testid="dashboard"
          title={<span>{t('menu.dashboard')} · <span data-testid="dashboard-organisation">{organisation.data?.name ?? orgId}</span></span>}
          loading={dashboard.isLoading}
          extra={view?.updatedAt && <Typography.Text type="secondary">{t('dashboard.updatedAt', { at: new Date(view.updatedAt).toLocaleString() })}</Typography.Text>}
        >
          {dashboard.error ? <ProblemAlert error={dashboard.error} /> : view && (
            <>
              <Row gutter={[16, 16]}>
                {figures.map((figure) => (
                  <Col key={figure.key} span={6} data-testid={`figure-${figure.key}`}>
                    <Statistic title={t(figure.label)} value={show(figure, view.figures)} />
                  </Col>
                ))}
              </Row>
              <Card size="small" title={t('dashboard.byTier')} style={{ marginTop: 16 }}>
                <Row gutter={16} data-testid="dashboard-tiers">
                  {tiers.map(([key, label]) => (
                    <Col key={key} span={4} data-testid={`tier-${key}`}>
                      <Statistic title={t(label)} value={view.figures.organisations[key]} />
                    </Col>
                  ))}
                </Row>
              </Card>
              <Card
                size="small"
                title={t('dashboard.byMonth')}
                style={{ marginTop: 16 }}
                extra={
                  <Space>
                    <Input type="month" data-testid="dashboard-from" aria-label={t('dashboard.from')} value={range.from} max={range.to} onChange={(e) => e.target.value && setRange((r) => ({ ...r, from: e.target.value }))} />
                    <span>—</span>
                    <Input type="month" data-testid="dashboard-to" aria-label={t('dashboard.to')} value={range.to} min={range.from} onChange={(e) => e.target.value && setRange((r) => ({ ...r, to: e.target.value }))} />
                  </Space>
                }
              >
                <Select
                  mode="multiple"
                  data-testid="dashboard-series"
                  style={{ width: '100%', marginBottom: 12 }}
                  value={charted}
                  onChange={setCharted}
                  options={figures.map((f) => ({ value: f.key, label: t(f.label) }))}
                />
                <LineChart
                  testId="dashboard-chart"
                  data={view.months.flatMap((m) => figures.filter((f) => charted.includes(f.key)).map((f) => ({ label: m.month, series: t(f.label), value: f.money ? f.value(m.figures) / 100 : f.value(m.figures) })))}
                />
                <WholeTable
                  rowKey="month"
                  style={{ marginTop: 12 }}
                  scroll={{ x: true }}
                  dataSource={view.months}
                  columns={[
                    { title: t('dashboard.month'), dataIndex: 'month', fixed: 'left' },
                    ...figures.filter((f) => charted.includes(f.key)).map((f) => ({ title: t(f.label), key: f.key, render: (_: unknown, m: View['months'][number]) => show(f, m.figures) })),
                  ]}
                />
              </Card>
            </>
          )}
        </Card>
      </Col>
    </Row>
  );
}
