/**
 * Payout batches, for operators (batches are platform-wide, per merchant account): the batches
 * newest first, filtered by status and paged by cursor; a batch opens to its items — paid, with
 * the provider, or failed with the provider's reason (a failed item is paid under its next number
 * in a later batch). The menu shows the page to operators only.
 */
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Drawer, Segmented, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api, must } from '../api/client';
import type { paths } from '../api/schema';
import { CursorTable } from '../components/CursorTable';
import { ProblemAlert } from '../components/problems';
import { useI18n, yuan, type MessageKey } from '../i18n';
import { useSession } from '../session';

type Batch = paths['/payouts/batches']['get']['responses'][200]['content']['application/json']['items'][number];
type BatchView = paths['/payouts/batches/{batchNo}']['get']['responses'][200]['content']['application/json'];
type Entry = BatchView['items'][number];
type Status = Batch['status'];

const batchColour: Record<Status, string> = { forming: 'default', created: 'blue', submitted: 'processing', settled: 'green' };
const entryColour: Record<Entry['status'], string> = { queued: 'default', batched: 'processing', paid: 'green', failed: 'red' };
const at = (iso: string | undefined) => (iso ? new Date(iso).toLocaleString() : '—');

function BatchItems({ batchNo }: { batchNo: string }) {
  const { t } = useI18n();
  const batch = useQuery({ queryKey: ['payout-batch', batchNo], queryFn: () => must(api().GET('/payouts/batches/{batchNo}', { params: { path: { batchNo } } })) });
  if (batch.error) return <ProblemAlert error={batch.error} />;
  if (!batch.data) return <Card loading bordered={false} />;
  const failed = batch.data.items.filter((item) => item.status === 'failed').length;
  return (
    <div data-testid="payout-batch">
      <Descriptions size="small" column={2} style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('payouts.batchNo')}>{batch.data.batchNo}</Descriptions.Item>
        <Descriptions.Item label={t('common.status')}><Tag color={batchColour[batch.data.status]}>{t(`payouts.status.${batch.data.status}` as MessageKey)}</Tag></Descriptions.Item>
        <Descriptions.Item label={t('payouts.account')}>{batch.data.account}</Descriptions.Item>
        <Descriptions.Item label={t('payouts.amount')}>{yuan(batch.data.totalFen)}</Descriptions.Item>
        <Descriptions.Item label={t('common.createdAt')}>{at(batch.data.createdAt)}</Descriptions.Item>
        <Descriptions.Item label={t('payouts.settledAt')}>{at(batch.data.settledAt)}</Descriptions.Item>
      </Descriptions>
      {failed > 0 && <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={t('payouts.failedNote', { count: failed })} />}
      <Table<Entry>
        size="small"
        rowKey="itemNo"
        dataSource={batch.data.items}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        scroll={{ x: 'max-content' }}
        columns={[
          { title: t('payouts.itemNo'), dataIndex: 'itemNo' },
          { title: t('common.status'), dataIndex: 'status', render: (status: Entry['status']) => <Tag color={entryColour[status]}>{t(`payouts.item.${status}` as MessageKey)}</Tag> },
          {
            title: t('payouts.reason'),
            render: (_, item) =>
              item.status === 'failed' ? <Typography.Text type="danger" data-testid="payout-failure">{item.failure?.reason ?? t('payouts.noReason')}</Typography.Text> : item.paidAt ? at(item.paidAt) : '',
          },
          { title: t('payouts.amount'), dataIndex: 'amountFen', render: yuan },
          { title: t('payouts.source'), render: (_, item) => (item.source ? `${t(`payouts.source.${item.source.kind}` as MessageKey)} ${item.source.id.slice(0, 8)}` : '—') },
          { title: t('payouts.recipient'), dataIndex: 'recipient' },
        ]}
      />
    </div>
  );
}

export default function Payouts() {
  const { t } = useI18n();
  const { isOperator } = useSession();
  const [status, setStatus] = useState<Status | 'all'>('all');
  const [open, setOpen] = useState<string>();
  if (!isOperator) return <Card title={t('menu.payouts')}><Alert type="info" showIcon message={t('common.operatorOnly')} /></Card>;
  return (
    <Card title={t('menu.payouts')}>
      <CursorTable<Batch>
        testId="payout-batches"
        queryKey={['payout-batches', status]}
        rowKey="batchNo"
        toolbar={
          <Segmented<Status | 'all'>
            data-testid="payout-status"
            style={{ marginBottom: 12 }}
            value={status}
            onChange={setStatus}
            options={(['all', 'forming', 'created', 'submitted', 'settled'] as const).map((value) => ({ value, label: t(`payouts.status.${value}` as MessageKey) }))}
          />
        }
        fetchPage={(cursor, limit) => must(api().GET('/payouts/batches', { params: { query: { cursor, limit, ...(status !== 'all' && { status }) } } }))}
        columns={[
          { title: t('payouts.batchNo'), dataIndex: 'batchNo', render: (batchNo: string) => <Button type="link" style={{ padding: 0 }} onClick={() => setOpen(batchNo)}>{batchNo}</Button> },
          { title: t('common.createdAt'), dataIndex: 'createdAt', render: at },
          { title: t('payouts.account'), dataIndex: 'account' },
          { title: t('common.status'), dataIndex: 'status', render: (s: Status) => <Tag color={batchColour[s]}>{t(`payouts.status.${s}` as MessageKey)}</Tag> },
          { title: t('payouts.amount'), dataIndex: 'totalFen', render: yuan },
          { title: t('payouts.settledAt'), dataIndex: 'settledAt', render: at },
        ]}
      />
      <Drawer width={1080} open={!!open} onClose={() => setOpen(undefined)} title={t('payouts.batch')} destroyOnHidden>
        {open && <BatchItems batchNo={open} />}
      </Drawer>
    </Card>
  );
}
