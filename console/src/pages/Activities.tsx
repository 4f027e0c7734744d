/**
 * Activities of the admin's subtree: each one's seats, waiting list and check-ins; its roster by
 * status (the waiting list in arrival order); check-in by entering a member's code or scanning
 * its QR with the camera (where the browser has a BarcodeDetector); closing or cancelling it.
 */
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Drawer, Input, Progress, Segmented, Space, Tag, Typography } from 'antd';
import { useRef, useState } from 'react';
import { api, must } from '../api/client';
import type { paths } from '../api/schema';
import { useConfirm } from '../components/confirm';
import { CursorTable } from '../components/CursorTable';
import { problemText } from '../components/problems';
import { useI18n } from '../i18n';
import { useSession } from '../session';

type Activity = paths['/organisations/{orgId}/activities']['get']['responses'][200]['content']['application/json']['items'][number];
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

function Roster({ activity }: { activity: Activity }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<RosterStatus>('signed-up');
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

export default function Activities() {
  const { t } = useI18n();
  const { orgId } = useSession();
  const confirm = useConfirm();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState<Activity>();
  const end = (activity: Activity, how: 'close' | 'cancel') => {
    let reason = '';
    return confirm({
      title: t(how === 'close' ? 'activities.confirmClose' : 'activities.confirmCancel', { title: activity.title }),
      content: <Input.TextArea rows={2} placeholder={t('decision.reason')} onChange={(e) => (reason = e.target.value)} />,
      danger: how === 'cancel',
      action: async () => {
        const params = { params: { path: { activityId: activity.activityId } }, body: { reason: reason.trim() } };
        if (how === 'close') await must(api().POST('/activities/{activityId}/close', params));
        else await must(api().POST('/activities/{activityId}/cancel', params));
        await queryClient.invalidateQueries({ queryKey: ['activities'] });
      },
    });
  };
  return (
    <Card title={t('menu.activities')}>
      <CursorTable<Activity>
        testId="activities"
        queryKey={['activities', orgId]}
        rowKey="activityId"
        fetchPage={(cursor, limit) => must(api().GET('/organisations/{orgId}/activities', { params: { path: { orgId }, query: { cursor, limit } } }))}
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
                <Button size="small" onClick={() => setOpen(a)}>{t('activities.roster')}</Button>
                {a.status === 'open' && <Button size="small" onClick={() => end(a, 'close')}>{t('activities.close')}</Button>}
                {a.status !== 'cancelled' && <Button size="small" danger onClick={() => end(a, 'cancel')}>{t('activities.cancel')}</Button>}
              </Space>
            ),
          },
        ]}
      />
      <Drawer open={!!open} width={760} title={open?.title} onClose={() => setOpen(undefined)} destroyOnHidden>
        {open && <Roster activity={open} />}
      </Drawer>
    </Card>
  );
}
