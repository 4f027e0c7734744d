/**
 * Draws anyone can check: the prize draws of the admin's subtree — commit (freezing the list,
 * early only with a reason), draw once the beacon round is out, and the proof (commitment, beacon
 * round and randomness, revealed secret, seed, steps) — and a subsidy cycle's lottery proof (its
 * commit and draw are the operator's, so only she is offered them).
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Descriptions, Drawer, Form, Input, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api, must } from '../api/client';
import type { paths } from '../api/schema';
import { useConfirm } from '../components/confirm';
import { CursorTable } from '../components/CursorTable';
import { ProblemAlert } from '../components/problems';
import { useI18n } from '../i18n';
import { useSession } from '../session';

type Draw = paths['/organisations/{orgId}/draws']['get']['responses'][200]['content']['application/json']['items'][number];

const Hex = ({ value }: { value?: string }) => <Typography.Text code copyable={!!value} style={{ wordBreak: 'break-all' }}>{value ?? '—'}</Typography.Text>;

function DrawProof({ drawId }: { drawId: string }) {
  const { t } = useI18n();
  const proof = useQuery({ queryKey: ['draw-proof', drawId], queryFn: () => must(api().GET('/draws/{drawId}/proof', { params: { path: { drawId } } })) });
  if (proof.error) return <ProblemAlert error={proof.error} />;
  const p = proof.data;
  if (!p) return null;
  return (
    <div data-testid="draw-proof">
      <Descriptions size="small" column={1} bordered>
        <Descriptions.Item label={t('draws.status')}>{t(`draws.status.${p.status}` as 'draws.status.open')}</Descriptions.Item>
        <Descriptions.Item label={t('draws.entrants')}>{p.entrantCount}</Descriptions.Item>
        <Descriptions.Item label={t('draws.commitment')}><Hex value={p.commitment} /></Descriptions.Item>
        <Descriptions.Item label={t('draws.beaconRound')}>{p.beacon.round} ({new Date(p.beacon.roundAt).toLocaleString()})</Descriptions.Item>
        <Descriptions.Item label={t('draws.randomness')}><Hex value={p.beacon.randomness} /></Descriptions.Item>
        <Descriptions.Item label={t('draws.secret')}><Hex value={p.secret} /></Descriptions.Item>
        <Descriptions.Item label={t('draws.seed')}><Hex value={p.seed} /></Descriptions.Item>
      </Descriptions>
      <Typography.Title level={5} style={{ marginTop: 16 }}>{t('draws.outcome')}</Typography.Title>
      <Table
        size="small"
        rowKey="slotId"
        pagination={false}
        dataSource={p.outcome}
        columns={[
          { title: t('draws.prize'), dataIndex: 'prizeId', render: (id: string) => p.prizes.find((x) => x.prizeId === id)?.name ?? id },
          { title: t('draws.rank'), render: (_, o) => o.holder?.rank ?? '—' },
          { title: t('draws.entry'), render: (_, o) => (o.holder ? <Typography.Text code>{o.holder.entryId.slice(0, 8)}</Typography.Text> : '—') },
          { title: t('draws.status'), dataIndex: 'status', render: (s: string) => <Tag>{t(`draws.unit.${s}` as 'draws.unit.offered')}</Tag> },
        ]}
      />
      <Typography.Title level={5} style={{ marginTop: 16 }}>{t('draws.steps')}</Typography.Title>
      <Table
        size="small"
        rowKey="step"
        pagination={false}
        dataSource={p.steps}
        columns={[
          { title: '#', dataIndex: 'step' },
          { title: t('draws.prize'), dataIndex: 'prizeId', render: (id: string) => p.prizes.find((x) => x.prizeId === id)?.name ?? id },
          { title: t('draws.rank'), render: (_, s) => `${s.from.rank} → ${s.to?.rank ?? '—'} (${t(`draws.reason.${s.reason}` as 'draws.reason.declined')})` },
          { title: t('draws.entry'), render: (_, s) => <Typography.Text code>{s.from.entryId.slice(0, 8)}</Typography.Text> },
          { title: t('draws.at'), dataIndex: 'at', render: (at: string) => new Date(at).toLocaleString() },
        ]}
      />
    </div>
  );
}

function PrizeDraws() {
  const { t } = useI18n();
  const { orgId } = useSession();
  const confirm = useConfirm();
  const queryClient = useQueryClient();
  const [proof, setProof] = useState<Draw>();
  const [early, setEarly] = useState<Draw>();
  const [reason, setReason] = useState('');
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['draws'] });

  const commit = (draw: Draw, closeEarlyReason?: string) =>
    confirm({
      title: t('draws.confirmCommit', { name: draw.name, entrants: draw.entrants }),
      done: t('draws.committed'),
      action: async () => {
        await must(api().POST('/draws/{drawId}/commit', { params: { path: { drawId: draw.drawId } }, body: closeEarlyReason ? { closeEarlyReason } : {} }));
        setEarly(undefined);
        await refresh();
      },
    });
  const run = (draw: Draw) =>
    confirm({
      title: t('draws.confirmDraw', { name: draw.name }),
      done: t('draws.drawn'),
      action: async () => {
        await must(api().POST('/draws/{drawId}/draw', { params: { path: { drawId: draw.drawId } } }));
        await refresh();
      },
    });

  return (
    <>
      <CursorTable<Draw>
        testId="draws"
        queryKey={['draws', orgId]}
        rowKey="drawId"
        fetchPage={(cursor, limit) => must(api().GET('/organisations/{orgId}/draws', { params: { path: { orgId }, query: { cursor, limit } } }))}
        columns={[
          { title: t('draws.name'), dataIndex: 'name' },
          { title: t('draws.prizes'), dataIndex: 'prizes', render: (prizes: Draw['prizes']) => prizes.map((p) => `${p.name}×${p.count}`).join('、') },
          { title: t('draws.entrants'), dataIndex: 'entrants' },
          { title: t('draws.closes'), dataIndex: 'entriesCloseAt', render: (at: string) => new Date(at).toLocaleString() },
          { title: t('draws.status'), dataIndex: 'status', render: (s: string) => <Tag>{t(`draws.status.${s}` as 'draws.status.open')}</Tag> },
          {
            title: t('common.actions'),
            render: (_, d) => (
              <Space>
                {d.status === 'open' && (new Date(d.entriesCloseAt) <= new Date()
                  ? <Button size="small" type="primary" onClick={() => commit(d)}>{t('draws.commit')}</Button>
                  : <Button size="small" onClick={() => setEarly(d)}>{t('draws.commitEarly')}</Button>)}
                {d.status === 'committed' && <Button size="small" type="primary" onClick={() => run(d)}>{t('draws.draw')}</Button>}
                {(d.status === 'committed' || d.status === 'drawn') && <Button size="small" onClick={() => setProof(d)}>{t('draws.proof')}</Button>}
              </Space>
            ),
          },
        ]}
      />
      <Drawer open={!!early} title={t('draws.commitEarly')} onClose={() => setEarly(undefined)} destroyOnHidden>
        <Form layout="vertical">
          <Form.Item label={t('draws.closeEarlyReason')} required>
            <Input.TextArea rows={3} value={reason} onChange={(e) => setReason(e.target.value)} />
          </Form.Item>
          <Button type="primary" disabled={!reason.trim()} onClick={() => early && commit(early, reason.trim())}>{t('draws.commit')}</Button>
        </Form>
      </Drawer>
      <Drawer open={!!proof} width={760} title={t('draws.proofOf', { name: proof?.name ?? '' })} onClose={() => setProof(undefined)} destroyOnHidden>
        {proof && <DrawProof drawId={proof.drawId} />}
      </Drawer>
    </>
  );
}

function SubsidyLottery() {
  const { t } = useI18n();
  const { isOperator } = useSession();
  const confirm = useConfirm();
  const programmes = useQuery({ queryKey: ['programmes'], queryFn: () => must(api().GET('/programmes')) });
  const [programmeId, setProgrammeId] = useState<string>();
  const [cycle, setCycle] = useState(String(new Date().getFullYear()));
  const programme = programmeId ?? programmes.data?.items[0]?.programmeId;
  const lottery = useQuery({
    queryKey: ['lottery', programme, cycle],
    enabled: !!programme,
    retry: false,
    queryFn: () => must(api().GET('/programmes/{programmeId}/cycles/{cycle}/lottery', { params: { path: { programmeId: programme!, cycle } } })),
  });
  const act = (step: 'commit' | 'draw') =>
    confirm({
      title: t(step === 'commit' ? 'lottery.confirmCommit' : 'lottery.confirmDraw'),
      action: async () => {
        const path = { params: { path: { programmeId: programme!, cycle } } };
        if (step === 'commit') await must(api().POST('/programmes/{programmeId}/cycles/{cycle}/lottery/commit', path));
        else await must(api().POST('/programmes/{programmeId}/cycles/{cycle}/lottery/draw', path));
        await lottery.refetch();
      },
    });
  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select style={{ minWidth: 260 }} value={programme} onChange={setProgrammeId} options={programmes.data?.items.map((p) => ({ value: p.programmeId, label: p.name }))} />
        <Input style={{ width: 120 }} value={cycle} onChange={(e) => setCycle(e.target.value.trim())} addonBefore={t('applications.cycle')} />
        {isOperator ? (
          <>
            <Button onClick={() => act('commit')}>{t('draws.commit')}</Button>
            <Button type="primary" onClick={() => act('draw')}>{t('draws.draw')}</Button>
          </>
        ) : (
          <Typography.Text type="secondary">{t('lottery.operatorRuns')}</Typography.Text>
        )}
      </Space>
      {lottery.error && <ProblemAlert error={lottery.error} />}
      {lottery.data && <pre data-testid="lottery-proof" style={{ maxHeight: 480, overflow: 'auto', background: '#fafafa', padding: 12 }}>{JSON.stringify(lottery.data, null, 2)}</pre>}
    </>
  );
}

export default function Lotteries() {
  const { t } = useI18n();
  return (
    <Card title={t('menu.lotteries')}>
      <Tabs items={[
        { key: 'draws', label: t('draws.tab'), children: <PrizeDraws /> },
        { key: 'lottery', label: t('lottery.tab'), children: <SubsidyLottery /> },
      ]} />
    </Card>
  );
}
