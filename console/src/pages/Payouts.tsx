/**
 * Payout batches of the admin's subtree: their states, what failed and why. The API has no admin
 * route for batches yet (members follow theirs at GET /me/payouts); the page reads
 * GET /organisations/{id}/payout-batches once it exists and says there is no data until then.
 */
import { useQuery } from '@tanstack/react-query';
import { Card, Empty, Table, Tag } from 'antd';
import { fetchOptional } from '../api/client';
import { ProblemAlert } from '../components/problems';
import { useI18n, yuan } from '../i18n';
import { useSession } from '../session';

interface Batch {
  batchId: string;
  day: string;
  status: string;
  count: number;
  amountFen: number;
  failures?: { payoutId: string; reason: string }[];
}

export default function Payouts() {
  const { t } = useI18n();
  const { orgId } = useSession();
  const batches = useQuery({ queryKey: ['payout-batches', orgId], queryFn: () => fetchOptional<{ items: Batch[] }>(`/organisations/${encodeURIComponent(orgId)}/payout-batches`).then((b) => b ?? null) });
  return (
    <Card title={t('menu.payouts')}>
      {batches.error && <ProblemAlert error={batches.error} />}
      {batches.data === null ? (
        <Empty data-testid="payouts-empty" description={t('payouts.noRoute')} />
      ) : (
        <Table<Batch>
          rowKey="batchId"
          loading={batches.isLoading}
          dataSource={batches.data?.items ?? []}
          pagination={false}
          expandable={{ rowExpandable: (b) => !!b.failures?.length, expandedRowRender: (b) => <ul>{b.failures!.map((f) => <li key={f.payoutId}>{f.payoutId}: {f.reason}</li>)}</ul> }}
          columns={[
            { title: t('payouts.day'), dataIndex: 'day' },
            { title: t('common.status'), dataIndex: 'status', render: (s: string) => <Tag>{s}</Tag> },
            { title: t('payouts.count'), dataIndex: 'count' },
            { title: t('payouts.amount'), dataIndex: 'amountFen', render: yuan },
            { title: t('payouts.failed'), render: (_, b) => b.failures?.length ?? 0 },
          ]}
        />
      )}
    </Card>
  );
}
