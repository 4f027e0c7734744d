/**
 * Subsidy applications of the admin's subtree: the work list of a programme by status, decided
 * one by one or a page (or a selection) at a time. A bulk decision first shows what it will do —
 * how many will be decided, how many skipped and why — and after the API's answer, what happened
 * to each. Objections raised during the notice period are upheld or dismissed with a reason.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Modal, Select, Segmented, Space, Spin, Tag, Typography } from 'antd';
import { useState, type Key } from 'react';
import { api, must } from '../api/client';
import type { paths } from '../api/schema';
import { ConfirmButton, type ConfirmOptions } from '../components/confirm';
import { ProblemAlert } from '../components/problems';
import { useSubmit } from '../components/submit';
import { SubtreeTable, type ItemOf } from '../components/SubtreeTable';
import { WholeTable } from '../components/WholeTable';
import { translate, useI18n, yuan } from '../i18n';

type Application = ItemOf<'/organisations/{orgId}/applications'>;
type Status = Application['status'];
type BulkResult = paths['/applications/reviews']['post']['responses'][200]['content']['application/json']['results'][number];

interface Plan {
  decision: 'approve' | 'reject';
  act: Application[];
  skip: { application: Application; why: string }[];
}

/**
 * What a bulk decision over `rows` will do, from each one's status now (another admin may have
 * decided some since the page was read): the pending ones decided (at most 100, the API's limit
 * for one request), the rest skipped, each with the reason.
 */
async function planFor(decision: 'approve' | 'reject', rows: Application[]): Promise<Plan> {
  const current = new Map<string, Application['status']>();
  for (let i = 0; i < rows.length; i += 8) {
    await Promise.all(
      rows.slice(i, i + 8).map(async (a) => {
        const fresh = await must(api().GET('/applications/{applicationId}', { params: { path: { applicationId: a.applicationId } } }));
        current.set(a.applicationId, fresh.status);
      }),
    );
  }
  const pending = rows.filter((a) => current.get(a.applicationId) === 'pending-review');
  return {
    decision,
    act: pending.slice(0, 100),
    skip: [
      ...rows
        .filter((a) => current.get(a.applicationId) !== 'pending-review')
        .map((application) => ({ application, why: translate('bulk.skipStatus', { status: translate(`applications.status.${current.get(application.applicationId)}`) }) })),
      ...pending.slice(100).map((application) => ({ application, why: translate('bulk.skipLimit') })),
    ],
  };
}

function BulkDialog({ decision, rows, onClose }: { decision: 'approve' | 'reject'; rows: Application[]; onClose(): void }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const planned = useQuery({ queryKey: ['bulk-plan', decision, rows.map((r) => r.applicationId)], queryFn: () => planFor(decision, rows), gcTime: 0 });
  const plan: Plan = planned.data ?? { decision, act: [], skip: [] };
  const [reason, setReason] = useState('');
  const [results, setResults] = useState<BulkResult[]>();
  const names = new Map([...plan.act, ...plan.skip.map((s) => s.application)].map((a) => [a.applicationId, a.applicantName]));
  const { busy, error, run } = useSubmit();

  const decideAll = () =>
    run(async () => {
      const answer = await must(api().POST('/applications/reviews', {
        body: { decisions: plan.act.map((a) => ({ applicationId: a.applicationId, decision: plan.decision, ...(reason.trim() && { reason: reason.trim() }) })) },
      }));
      setResults(answer.results);
      await queryClient.invalidateQueries({ queryKey: ['applications'] });
    });

  return (
    <Modal
      open
      width={720}
      title={t(decision === 'approve' ? 'bulk.titleApprove' : 'bulk.titleReject')}
      onCancel={onClose}
      footer={
        results ? (
          <Button type="primary" onClick={onClose}>{t('bulk.close')}</Button>
        ) : (
          <Space>
            <Button onClick={onClose}>{t('common.cancel')}</Button>
            <Button
              type="primary"
              danger={plan.decision === 'reject'}
              loading={busy}
              disabled={!planned.data || plan.act.length === 0 || (decision === 'reject' && !reason.trim())}
              onClick={decideAll}
              data-testid="bulk-confirm"
            >
              {t('bulk.confirm', { count: plan.act.length })}
            </Button>
          </Space>
        )
      }
    >
      <div data-testid="bulk-dialog">
        {error !== undefined && <ProblemAlert error={error} />}
        {planned.error && <ProblemAlert error={planned.error} />}
        {planned.isLoading && <Spin />}
        {planned.data && !results && (
          <>
            <Alert
              type="info"
              showIcon
              data-testid="bulk-preview"
              message={t(plan.decision === 'approve' ? 'bulk.previewApprove' : 'bulk.previewReject', { act: plan.act.length, skip: plan.skip.length })}
              description={
                plan.skip.length > 0 && (
                  <ul style={{ margin: 0, paddingLeft: 18 }}>
                    {plan.skip.map((s) => <li key={s.application.applicationId}>{s.application.applicantName}: {s.why}</li>)}
                  </ul>
                )
              }
            />
            <Form layout="vertical" style={{ marginTop: 12 }}>
              <Form.Item label={t('decision.reason')} required={plan.decision === 'reject'}>
                <Input.TextArea rows={2} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={1000} />
              </Form.Item>
            </Form>
          </>
        )}
        {results && (
          <>
            <Alert
              type={results.some((r) => r.error) ? 'warning' : 'success'}
              showIcon
              data-testid="bulk-summary"
              message={t('bulk.done', { ok: results.filter((r) => !r.error).length, failed: results.filter((r) => r.error).length })}
            />
            <WholeTable<BulkResult>
              data-testid="bulk-results"
              style={{ marginTop: 8 }}
              rowKey="applicationId"
              dataSource={results}
              columns={[
                { title: t('applications.applicant'), dataIndex: 'applicationId', render: (id: string) => names.get(id) ?? id },
                { title: t('bulk.result'), render: (_, r) => (r.error ? <Tag color="red">{r.error}</Tag> : <Tag color="green">{t(`applications.status.${r.status}` as 'applications.status.approved')}</Tag>) },
              ]}
            />
          </>
        )}
      </div>
    </Modal>
  );
}

function ObjectionDialog({ application, onClose }: { application: Application; onClose(): void }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const deciding = (decision: 'uphold' | 'dismiss'): ConfirmOptions => ({
    title: t(decision === 'uphold' ? 'objection.confirmUphold' : 'objection.confirmDismiss', { name: application.applicantName }),
    danger: decision === 'uphold',
    done: t('objection.decided'),
    action: async () => {
      await must(api().POST('/applications/{applicationId}/objection-decision', { params: { path: { applicationId: application.applicationId } }, body: { decision, reason: reason.trim() } }));
      await queryClient.invalidateQueries({ queryKey: ['applications'] });
      onClose();
    },
  });
  return (
    <Modal open title={t('objection.title', { name: application.applicantName })} onCancel={onClose} footer={null}>
      <Typography.Paragraph>{t('objection.raised', { at: new Date(application.objection!.at).toLocaleString() })}</Typography.Paragraph>
      <Typography.Paragraph strong>{application.objection!.reason}</Typography.Paragraph>
      <Input.TextArea rows={2} placeholder={t('decision.reason')} value={reason} onChange={(e) => setReason(e.target.value)} />
      <Space style={{ marginTop: 12 }}>
        <ConfirmButton danger disabled={!reason.trim()} confirm={deciding('uphold')}>{t('objection.uphold')}</ConfirmButton>
        <ConfirmButton disabled={!reason.trim()} confirm={deciding('dismiss')}>{t('objection.dismiss')}</ConfirmButton>
      </Space>
    </Modal>
  );
}

export default function Applications() {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const programmes = useQuery({ queryKey: ['programmes'], queryFn: () => must(api().GET('/programmes')) });
  const [programmeId, setProgrammeId] = useState<string>();
  const programme = programmeId ?? programmes.data?.items[0]?.programmeId;
  const [status, setStatus] = useState<Status>('pending-review');
  const [page, setPage] = useState<Application[]>([]);
  const [selected, setSelected] = useState<Key[]>([]);
  const [bulk, setBulk] = useState<{ decision: 'approve' | 'reject'; rows: Application[] }>();
  const [objection, setObjection] = useState<Application>();

  const target = () => (selected.length ? page.filter((a) => selected.includes(a.applicationId)) : page);

  /** Deciding one application; a rejection asks for the reason the applicant is told. */
  const deciding = (application: Application, decision: 'approve' | 'reject'): ConfirmOptions => ({
    title: t(decision === 'approve' ? 'applications.confirmApprove' : 'applications.confirmReject', { name: application.applicantName, amount: yuan(application.amountFen) }),
    askReason: decision === 'reject',
    danger: decision === 'reject',
    done: t('applications.decided'),
    action: async (reason) => {
      await must(api().POST('/applications/{applicationId}/review', { params: { path: { applicationId: application.applicationId } }, body: { decision, ...(reason && { reason }) } }));
      await queryClient.invalidateQueries({ queryKey: ['applications'] });
    },
  });

  return (
    <Card title={t('menu.applications')}>
      {programmes.error && <ProblemAlert error={programmes.error} />}
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          style={{ minWidth: 260 }}
          data-testid="programme-select"
          value={programme}
          onChange={(v) => {
            setProgrammeId(v);
            setSelected([]);
          }}
          options={programmes.data?.items.map((p) => ({ value: p.programmeId, label: p.name }))}
        />
        <Segmented<Status>
          value={status}
          onChange={(s) => {
            setStatus(s);
            setSelected([]);
          }}
          options={(['pending-review', 'objected', 'approved', 'rejected', 'in-notice', 'payable'] as const).map((s) => ({ value: s, label: t(`applications.status.${s}` as 'applications.status.approved') }))}
        />
      </Space>
      {status === 'pending-review' && (
        <Space style={{ marginBottom: 12 }}>
          <Button type="primary" disabled={page.length === 0} onClick={() => setBulk({ decision: 'approve', rows: target() })} data-testid="bulk-approve">
            {selected.length ? t('bulk.approveSelected', { count: selected.length }) : t('bulk.approvePage')}
          </Button>
          <Button danger disabled={page.length === 0} onClick={() => setBulk({ decision: 'reject', rows: target() })}>
            {selected.length ? t('bulk.rejectSelected', { count: selected.length }) : t('bulk.rejectPage')}
          </Button>
        </Space>
      )}
      {programme && (
        <SubtreeTable
          route="/organisations/{orgId}/applications"
          filter={{ programmeId: programme, status }}
          rowKey="applicationId"
          onPage={(items) => {
            setPage(items);
            setSelected([]);
          }}
          selection={status === 'pending-review' ? { selected, onChange: (keys) => setSelected(keys) } : undefined}
          columns={[
            { title: t('applications.applicant'), dataIndex: 'applicantName' },
            { title: t('member.union'), dataIndex: 'organisationId' },
            { title: t('applications.cycle'), dataIndex: 'cycle' },
            { title: t('applications.amount'), dataIndex: 'amountFen', render: yuan },
            { title: t('applications.note'), render: (_, a) => a.details.note ?? a.details.level ?? '—' },
            { title: t('common.status'), dataIndex: 'status', render: (s: Status) => <Tag>{t(`applications.status.${s}` as 'applications.status.approved')}</Tag> },
            {
              title: t('common.actions'),
              render: (_, a) =>
                a.status === 'pending-review' ? (
                  <Space>
                    <ConfirmButton size="small" type="primary" confirm={deciding(a, 'approve')}>{t('decision.approve')}</ConfirmButton>
                    <ConfirmButton size="small" danger confirm={deciding(a, 'reject')}>{t('decision.reject')}</ConfirmButton>
                  </Space>
                ) : a.status === 'objected' && a.objection ? (
                  <Button size="small" onClick={() => setObjection(a)}>{t('objection.decide')}</Button>
                ) : (
                  a.decisionReason ?? ''
                ),
            },
          ]}
        />
      )}
      {bulk && <BulkDialog decision={bulk.decision} rows={bulk.rows} onClose={() => setBulk(undefined)} />}
      {objection && <ObjectionDialog application={objection} onClose={() => setObjection(undefined)} />}
    </Card>
  );
}

