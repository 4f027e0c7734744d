/**
 * Draws anyone can check: the prize draws of the admin's subtree — commit (freezing the list,
 * early only with a reason), draw once the beacon round is out, and the proof (commitment, beacon
 * round and randomness, revealed secret, seed, steps) — and a subsidy cycle's lottery proof (its
 * commit and draw are the operator's, so only she is offered them); a new prize draw by its form,
 * the API's field errors beside the inputs.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Descriptions, Drawer, Form, Input, InputNumber, Row, Select, Space, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api, must } from '../api/client';
import { ApiForm } from '../components/ApiForm';
import { ConfirmButton, useConfirm, type ConfirmOptions } from '../components/confirm';
import { ProblemAlert } from '../components/problems';
import { useFormSubmit } from '../components/submit';
import { SubtreeTable, type ItemOf } from '../components/SubtreeTable';
import { WholeTable } from '../components/WholeTable';
import { shanghaiInstant, shanghaiLocal } from '../days';
import { useI18n } from '../i18n';
import { useSession } from '../session';

type Draw = ItemOf<'/organisations/{orgId}/draws'>;

const Hex = ({ value }: { value?: string }) => <Typography.Text code copyable={!!value} style={{ wordBreak: 'break-all' }}>{value ?? '—'}</Typography.Text>;

function DrawProof({ drawId }: { drawId: string }) {
  const { t } = useI18n();
  const proof = useQuery({ queryKey: ['draw-proof', drawId], queryFn: () => must(api().GET('/draws/{drawId}/proof', { params: { path: { drawId } } })) });
  if (proof.error) return <ProblemAlert error={proof.error} />;
  const p = proof.data;
  if (!p) return null;
  // The outcome and the steps both name a prize, and an entry by its id's first characters.
  const prize = { title: t('draws.prize'), dataIndex: 'prizeId', render: (id: string) => p.prizes.find((x) => x.prizeId === id)?.name ?? id };
  const entry = (entryId: string) => <Typography.Text code>{entryId.slice(0, 8)}</Typography.Text>;
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
      <WholeTable
        rowKey="slotId"
        dataSource={p.outcome}
        columns={[
          prize,
          { title: t('draws.rank'), render: (_, o) => o.holder?.rank ?? '—' },
          { title: t('draws.entry'), render: (_, o) => (o.holder ? entry(o.holder.entryId) : '—') },
          { title: t('draws.status'), dataIndex: 'status', render: (s: string) => <Tag>{t(`draws.unit.${s}` as 'draws.unit.offered')}</Tag> },
        ]}
      />
      <Typography.Title level={5} style={{ marginTop: 16 }}>{t('draws.steps')}</Typography.Title>
      <WholeTable
        rowKey="step"
        dataSource={p.steps}
        columns={[
          { title: '#', dataIndex: 'step' },
          prize,
          { title: t('draws.rank'), render: (_, s) => `${s.from.rank} → ${s.to?.rank ?? '—'} (${t(`draws.reason.${s.reason}` as 'draws.reason.declined')})` },
          { title: t('draws.entry'), render: (_, s) => entry(s.from.entryId) },
          { title: t('draws.at'), dataIndex: 'at', render: (at: string) => new Date(at).toLocaleString() },
        ]}
      />
    </div>
  );
}

interface CreateDrawValues {
  name: string;
  description?: string;
  organisationId: string;
  prizes: { name: string; count: number }[];
  entriesCloseAt: string;
  acceptanceHours: number;
}

/** The form of a new prize draw: prizes in order (p1 first); what the API answers wrong is marked beside its input. */
function CreateDraw({ onCreated }: { onCreated(): void }) {
  const { t } = useI18n();
  const { orgId } = useSession();
  const [form] = Form.useForm<CreateDrawValues>();
  const creation = useFormSubmit(form, async (v) => {
    await must(api().POST('/draws', {
      body: {
        name: v.name,
        ...(v.description?.trim() && { description: v.description.trim() }),
        organisationId: v.organisationId.trim(),
        prizes: v.prizes,
        entriesCloseAt: shanghaiInstant(v.entriesCloseAt),
        acceptanceHours: v.acceptanceHours,
      },
    }));
    onCreated();
  });
  return (
    <ApiForm<CreateDrawValues>
      submission={creation}
      testId="draw"
      initialValues={{ organisationId: orgId, prizes: [{ name: '', count: 1 }], entriesCloseAt: shanghaiLocal(new Date(Date.now() + 7 * 86400_000)), acceptanceHours: 72 }}
    >
      <Form.Item name="name" label={t('draws.name')} rules={[{ required: true }]}><Input data-testid="draw-name" maxLength={100} /></Form.Item>
      <Form.Item name="description" label={t('draws.description')}><Input.TextArea rows={2} maxLength={2000} /></Form.Item>
      <Form.Item name="organisationId" label={t('draws.audience')} rules={[{ required: true }]}><Input data-testid="draw-organisation" /></Form.Item>
      <Form.List name="prizes">
        {(fields, { add, remove }) => (
          <>
            {fields.map((field, i) => (
              <Row gutter={12} key={field.key} align="top">
                <Col span={14}><Form.Item name={[field.name, 'name']} label={i === 0 ? t('draws.prizeName') : undefined} rules={[{ required: true }]}><Input data-testid={`draw-prize-${i}`} /></Form.Item></Col>
                <Col span={7}><Form.Item name={[field.name, 'count']} label={i === 0 ? t('draws.prizeCount') : undefined} rules={[{ required: true }]}><InputNumber data-testid={`draw-prize-count-${i}`} min={1} max={999} style={{ width: '100%' }} /></Form.Item></Col>
                <Col span={3}>{fields.length > 1 && <Button type="text" icon={<MinusCircleOutlined />} onClick={() => remove(field.name)} style={{ marginTop: i === 0 ? 30 : 0 }} />}</Col>
              </Row>
            ))}
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ name: '', count: 1 })} style={{ marginBottom: 16 }}>{t('draws.addPrize')}</Button>
          </>
        )}
      </Form.List>
      <Row gutter={12}>
        <Col span={12}><Form.Item name="entriesCloseAt" label={t('draws.entriesCloseAt')} rules={[{ required: true }]}><Input type="datetime-local" data-testid="draw-closes" /></Form.Item></Col>
        <Col span={12}><Form.Item name="acceptanceHours" label={t('draws.acceptanceHours')} rules={[{ required: true }]}><InputNumber min={1} max={720} style={{ width: '100%' }} /></Form.Item></Col>
      </Row>
    </ApiForm>
  );
}

function PrizeDraws() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const confirm = useConfirm();
  const queryClient = useQueryClient();
  const [proof, setProof] = useState<Draw>();
  const [early, setEarly] = useState<Draw>();
  const [reason, setReason] = useState('');
  const [creating, setCreating] = useState(false);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['draws'] });

  /** Freezing the entrants' list and publishing the commitment; before entries close, only with a reason. */
  const committing = (draw: Draw, closeEarlyReason?: string): ConfirmOptions => ({
    title: t('draws.confirmCommit', { name: draw.name, entrants: draw.entrants }),
    done: t('draws.committed'),
    action: async () => {
      await must(api().POST('/draws/{drawId}/commit', { params: { path: { drawId: draw.drawId } }, body: closeEarlyReason ? { closeEarlyReason } : {} }));
      setEarly(undefined);
      await refresh();
    },
  });
  const drawing = (draw: Draw): ConfirmOptions => ({
    title: t('draws.confirmDraw', { name: draw.name }),
    done: t('draws.drawn'),
    action: async () => {
      await must(api().POST('/draws/{drawId}/draw', { params: { path: { drawId: draw.drawId } } }));
      await refresh();
    },
  });

  return (
    <>
      <Button type="primary" data-testid="draw-new" style={{ marginBottom: 12 }} onClick={() => setCreating(true)}>{t('draws.new')}</Button>
      <SubtreeTable
        route="/organisations/{orgId}/draws"
        rowKey="drawId"
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
                  ? <ConfirmButton size="small" type="primary" confirm={committing(d)}>{t('draws.commit')}</ConfirmButton>
                  : <Button size="small" onClick={() => setEarly(d)}>{t('draws.commitEarly')}</Button>)}
                {d.status === 'committed' && <ConfirmButton size="small" type="primary" confirm={drawing(d)}>{t('draws.draw')}</ConfirmButton>}
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
          <Button type="primary" disabled={!reason.trim()} onClick={() => early && confirm(committing(early, reason.trim()))}>{t('draws.commit')}</Button>
        </Form>
      </Drawer>
      <Drawer open={creating} width={640} title={t('draws.new')} onClose={() => setCreating(false)} destroyOnHidden>
        <CreateDraw
          onCreated={() => {
            setCreating(false);
            void message.success(t('draws.created'));
            void refresh();
          }}
        />
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
