/**
 * Activities of the admin's subtree: each one's seats, waiting list and check-ins; its roster by
 * status (the waiting list in arrival order); check-in by entering a member's code or scanning
 * its QR with the camera (where the browser has a BarcodeDetector); closing or cancelling it;
 * creating one (times in Beijing time; the API's field errors beside the inputs), which then opens
 * on its waiting list.
 */
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Drawer, Form, Input, InputNumber, Progress, Row, Segmented, Space, Tag, Typography } from 'antd';
import { useRef, useState } from 'react';
import { api, must } from '../api/client';
import type { paths } from '../api/schema';
import { ApiForm } from '../components/ApiForm';
import { ConfirmButton, type ConfirmOptions } from '../components/confirm';
import { CursorTable } from '../components/CursorTable';
import { problemText } from '../components/problems';
import { useFormSubmit } from '../components/submit';
import { SubtreeTable, type ItemOf } from '../components/SubtreeTable';
import { shanghaiInstant, shanghaiLocal } from '../days';
import { useI18n } from '../i18n';
import { useSession } from '../session';

type Activity = ItemOf<'/organisations/{orgId}/activities'>;
type Entry = paths['/activities/{activityId}/sign-ups']['get']['responses'][200]['content']['application/json']['items'][number];
type RosterStatus = NonNullable<NonNullable<paths['/activities/{activityId}/sign-ups']['get']['parameters']['query']>['status']>;

declare global {
  // Chromium's Shape Detection API (not in TypeScript's DOM types yet).
  class BarcodeDetector {
    constructor(options: { formats: string[] });
    detect(source: CanvasImageSource): Promise<{ rawValue: string }[]>;
  }
}

function CheckIn({ activity, onDone }: { activity: Activity; onDone(): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [scanning, setScanning] = useState(false);
  const video = useRef<HTMLVideoElement>(null);

  const submit = async (value: string) => {
    if (!value.trim()) return;
    setBusy(true);
    try {
      const entry = await must(api().POST('/activities/{activityId}/check-ins', { params: { path: { activityId: activity.activityId } }, body: { code: value.trim() } }));
      message.success(t('activities.checkedInName', { name: entry.name }));
      setCode('');
      onDone();
    } catch (e) {
      message.error(problemText(e), 6);
    } finally {
      setBusy(false);
    }
  };

  const scan = async () => {
    if (typeof BarcodeDetector === 'undefined') return message.warning(t('activities.noScanner'));
    setScanning(true);
    const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } });
    video.current!.srcObject = stream;
    await video.current!.play();
    const detector = new BarcodeDetector({ formats: ['qr_code'] });
    const tick = async () => {
      const [found] = await detector.detect(video.current!).catch(() => []);
      if (found) {
        stream.getTracks().forEach((track) => track.stop());
        setScanning(false);
        await submit(found.rawValue);
      } else if (stream.active) requestAnimationFrame(() => void tick());
    };
    void tick();
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space.Compact style={{ width: '100%' }}>
        <Input data-testid="check-in-code" placeholder={t('activities.codePlaceholder')} value={code} onChange={(e) => setCode(e.target.value)} onPressEnter={() => submit(code)} />
        <Button type="primary" loading={busy} onClick={() => submit(code)}>{t('activities.checkIn')}</Button>
        <Button onClick={() => void scan()}>{t('activities.scan')}</Button>
      </Space.Compact>
      <video ref={video} style={{ width: 320, display: scanning ? 'block' : 'none' }} muted playsInline />
    </Space>
  );
}

function Roster({ activity, initialStatus = 'signed-up' }: { activity: Activity; initialStatus?: RosterStatus }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<RosterStatus>(initialStatus);
  return (
    <>
      <Typography.Title level={5}>{t('activities.checkIn')}</Typography.Title>
      <CheckIn activity={activity} onDone={() => void queryClient.invalidateQueries({ queryKey: ['roster', activity.activityId] })} />
      <Segmented<RosterStatus>
        style={{ margin: '16px 0 8px' }}
        value={status}
        onChange={setStatus}
        options={(['signed-up', 'waiting', 'offered', 'checked-in', 'cancelled'] as const).map((s) => ({ value: s, label: t(`activities.status.${s}`) }))}
      />
      <CursorTable<Entry>
        testId="roster"
        queryKey={['roster', activity.activityId, status]}
        rowKey="userId"
        fetchPage={(cursor, limit) => must(api().GET('/activities/{activityId}/sign-ups', { params: { path: { activityId: activity.activityId }, query: { status, cursor, limit } } }))}
        columns={[
          { title: t('member.name'), dataIndex: 'name' },
          { title: t('common.status'), dataIndex: 'status', render: (s: string) => <Tag>{t(`activities.status.${s}` as 'activities.status.waiting')}</Tag> },
          { title: t('activities.signedUpAt'), dataIndex: 'signedUpAt', render: (at: string) => new Date(at).toLocaleString() },
          { title: t('activities.checkedInAt'), dataIndex: 'checkedInAt', render: (at?: string) => (at ? new Date(at).toLocaleString() : '—') },
        ]}
      />
    </>
  );
}

interface CreateValues {
  organisationId: string;
  title: string;
  description: string;
  startsAt: string;
  endsAt: string;
  address: string;
  capacity: number;
  signUpClosesAt?: string;
  offerHours: number;
}

/** The form of a new activity: what the API answers wrong is marked beside its input. */
function CreateActivity({ onCreated }: { onCreated(activity: Activity): void }) {
  const { t } = useI18n();
  const { orgId } = useSession();
  const [form] = Form.useForm<CreateValues>();
  const day = 86400_000;
  const creation = useFormSubmit(
    form,
    async (v) => {
      const created = await must(api().POST('/activities', {
        body: {
          organisationId: v.organisationId.trim(),
          title: v.title,
          description: v.description,
          startsAt: shanghaiInstant(v.startsAt),
          endsAt: shanghaiInstant(v.endsAt),
          place: { kind: 'venue', address: v.address },
          capacity: v.capacity,
          ...(v.signUpClosesAt && { signUpClosesAt: shanghaiInstant(v.signUpClosesAt) }),
          offerHours: v.offerHours,
        },
      }));
      onCreated(created as Activity);
    },
    { 'place.address': 'address', 'place.kind': 'address' },
  );
  return (
    <ApiForm<CreateValues>
      submission={creation}
      testId="activity"
      initialValues={{ organisationId: orgId, startsAt: shanghaiLocal(new Date(Date.now() + 7 * day)), endsAt: shanghaiLocal(new Date(Date.now() + 7 * day + 2 * 3600_000)), capacity: 30, offerHours: 24 }}
    >
      <Form.Item name="title" label={t('activities.title')} rules={[{ required: true }]}><Input data-testid="activity-title" maxLength={100} /></Form.Item>
      <Form.Item name="description" label={t('activities.description')} rules={[{ required: true }]}><Input.TextArea data-testid="activity-description" rows={3} /></Form.Item>
      <Row gutter={12}>
        <Col span={12}><Form.Item name="organisationId" label={t('activities.organiser')} rules={[{ required: true }]}><Input data-testid="activity-organisation" /></Form.Item></Col>
        <Col span={12}><Form.Item name="address" label={t('activities.address')} rules={[{ required: true }]}><Input data-testid="activity-address" /></Form.Item></Col>
      </Row>
      <Row gutter={12}>
        <Col span={12}><Form.Item name="startsAt" label={t('activities.startsAt')} rules={[{ required: true }]}><Input type="datetime-local" data-testid="activity-starts" /></Form.Item></Col>
        <Col span={12}><Form.Item name="endsAt" label={t('activities.endsAt')} rules={[{ required: true }]}><Input type="datetime-local" data-testid="activity-ends" /></Form.Item></Col>
      </Row>
      <Row gutter={12}>
        <Col span={8}><Form.Item name="capacity" label={t('activities.capacity')} rules={[{ required: true }]}><InputNumber data-testid="activity-capacity" min={1} style={{ width: '100%' }} /></Form.Item></Col>
        <Col span={8}><Form.Item name="signUpClosesAt" label={t('activities.signUpClosesAt')}><Input type="datetime-local" /></Form.Item></Col>
        <Col span={8}><Form.Item name="offerHours" label={t('activities.offerHours')} rules={[{ required: true }]}><InputNumber min={1} max={168} style={{ width: '100%' }} /></Form.Item></Col>
      </Row>
    </ApiForm>
  );
}

export default function Activities() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState<{ activity: Activity; status?: RosterStatus }>();
  const [creating, setCreating] = useState(false);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['activities'] });
  /** Closing (it took place) or cancelling an activity, with the reason its members are told. */
  const ending = (activity: Activity, how: 'close' | 'cancel'): ConfirmOptions => ({
    title: t(how === 'close' ? 'activities.confirmClose' : 'activities.confirmCancel', { title: activity.title }),
    askReason: true,
    danger: how === 'cancel',
    action: async (reason) => {
      const params = { params: { path: { activityId: activity.activityId } }, body: { reason } };
      if (how === 'close') await must(api().POST('/activities/{activityId}/close', params));
      else await must(api().POST('/activities/{activityId}/cancel', params));
      await refresh();
    },
  });
  return (
    <Card title={t('menu.activities')} extra={<Button type="primary" data-testid="activity-new" onClick={() => setCreating(true)}>{t('activities.new')}</Button>}>
      <SubtreeTable
        route="/organisations/{orgId}/activities"
        rowKey="activityId"
        columns={[
          { title: t('activities.title'), dataIndex: 'title' },
          { title: t('activities.when'), render: (_, a) => new Date(a.startsAt).toLocaleString() },
          { title: t('activities.seats'), render: (_, a) => <Progress size="small" percent={Math.round((a.seatsTaken / a.capacity) * 100)} format={() => `${a.seatsTaken}/${a.capacity}`} style={{ width: 140 }} /> },
          { title: t('activities.waiting'), dataIndex: 'waiting' },
          { title: t('activities.checkedIn'), dataIndex: 'checkedIn' },
          { title: t('common.status'), dataIndex: 'status', render: (s: string) => <Tag>{t(`activities.activityStatus.${s}` as 'activities.activityStatus.open')}</Tag> },
          {
            title: t('common.actions'),
            render: (_, a) => (
              <Space>
                <Button size="small" onClick={() => setOpen({ activity: a })}>{t('activities.roster')}</Button>
                {a.status === 'open' && <ConfirmButton size="small" confirm={ending(a, 'close')}>{t('activities.close')}</ConfirmButton>}
                {a.status !== 'cancelled' && <ConfirmButton size="small" danger confirm={ending(a, 'cancel')}>{t('activities.cancel')}</ConfirmButton>}
              </Space>
            ),
          },
        ]}
      />
      <Drawer open={!!open} width={760} title={open?.activity.title} onClose={() => setOpen(undefined)} destroyOnHidden>
        {open && <Roster activity={open.activity} initialStatus={open.status} />}
      </Drawer>
      <Drawer open={creating} width={720} title={t('activities.new')} onClose={() => setCreating(false)} destroyOnHidden>
        <CreateActivity
          onCreated={(activity) => {
            setCreating(false);
            void message.success(t('activities.created'));
            void refresh();
            // A new activity opens on its waiting list, which fills once its seats are taken.
            setOpen({ activity, status: 'waiting' });
          }}
        />
      </Drawer>
    </Card>
  );
}
