/**
 * The insurance claims of the admin's subtree to review: a queue by status, and for a claim its
 * details, its uploaded documents (each opened through a five-minute view URL, which the API logs)
 * and the decision — approve an amount, reject or ask for more, each after a confirmation.
 */
import { useQueryClient } from '@tanstack/react-query';
import { Button, Card, Descriptions, Drawer, Form, Input, InputNumber, List, Radio, Segmented, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api, must } from '../api/client';
import type { paths } from '../api/schema';
import { useConfirm } from '../components/confirm';
import { ProblemAlert, showFieldErrors } from '../components/problems';
import { SubtreeTable, type ItemOf } from '../components/SubtreeTable';
import { useI18n, yuan } from '../i18n';

type Claim = ItemOf<'/organisations/{orgId}/claims'>;
type Status = Claim['status'];
type Viewed = paths['/claims/{claimId}/documents/{documentId}']['get']['responses'][200]['content']['application/json'];

const statusColour: Record<Status, string> = { submitted: 'blue', 'more-info-requested': 'orange', approved: 'green', rejected: 'red' };

function Review({ claim, onDone }: { claim: Claim; onDone(): void }) {
  const { t } = useI18n();
  const confirm = useConfirm();
  const [form] = Form.useForm<{ decision: 'approve' | 'reject' | 'request-info'; approvedYuan?: number; reason?: string }>();
  const decision = Form.useWatch('decision', form);
  const [viewed, setViewed] = useState<Viewed>();
  const [error, setError] = useState<unknown>();

  const open = async (documentId: string) => {
    setError(undefined);
    try {
      setViewed(await must(api().GET('/claims/{claimId}/documents/{documentId}', { params: { path: { claimId: claim.claimId, documentId } } })));
    } catch (e) {
      setError(e);
    }
  };

  const submit = async () => {
    const values = await form.validateFields();
    const body =
      values.decision === 'approve'
        ? { decision: 'approve' as const, approvedAmountFen: Math.round((values.approvedYuan ?? 0) * 100), ...(values.reason && { reason: values.reason }) }
        : { decision: values.decision, reason: values.reason ?? '' };
    await confirm({
      title: t(`claims.confirm.${values.decision}` as 'claims.confirm.approve', { amount: yuan(Math.round((values.approvedYuan ?? 0) * 100)) }),
      danger: values.decision === 'reject',
      done: t('claims.decided'),
      action: async () => {
        try {
          await must(api().POST('/claims/{claimId}/review', { params: { path: { claimId: claim.claimId } }, body }));
          onDone();
        } catch (e) {
          showFieldErrors(form, e);
          throw e;
        }
      },
    });
  };

  return (
    <>
      <Descriptions size="small" column={2} bordered>
        <Descriptions.Item label={t('claims.policy')}>{claim.policyNo}</Descriptions.Item>
        <Descriptions.Item label={t('claims.kind')}>{t(`claims.kind.${claim.kind}` as 'claims.kind.accident-medical')}</Descriptions.Item>
        <Descriptions.Item label={t('claims.incidentDate')}>{claim.incidentDate}</Descriptions.Item>
        <Descriptions.Item label={t('claims.amount')}>{yuan(claim.amountFen)}</Descriptions.Item>
        <Descriptions.Item label={t('member.union')}>{claim.organisationId}</Descriptions.Item>
        <Descriptions.Item label={t('common.status')}><Tag color={statusColour[claim.status]}>{t(`claims.status.${claim.status}` as 'claims.status.submitted')}</Tag></Descriptions.Item>
        <Descriptions.Item label={t('claims.description')} span={2}>{claim.description}</Descriptions.Item>
      </Descriptions>
      <Card size="small" title={t('claims.documents')} style={{ marginTop: 12 }}>
        {error !== undefined && <ProblemAlert error={error} />}
        <List
          dataSource={claim.documents}
          locale={{ emptyText: t('common.noData') }}
          renderItem={(d) => (
            <List.Item actions={[<Button key="open" size="small" onClick={() => open(d.documentId)}>{t('claims.openDocument')}</Button>]}>
              {d.fileName} <Typography.Text type="secondary">({Math.ceil(d.sizeBytes / 1024)} KB)</Typography.Text>
            </List.Item>
          )}
        />
        {viewed && (
          <div data-testid="document-view" style={{ marginTop: 8 }}>
            <Typography.Text type="secondary">{t('claims.viewExpires', { at: new Date(viewed.expiresAt).toLocaleTimeString() })}</Typography.Text>
            {viewed.contentType.startsWith('image/') ? (
              <img src={viewed.viewUrl} alt={viewed.fileName} style={{ display: 'block', maxWidth: '100%', maxHeight: 360, marginTop: 8, border: '1px solid #f0f0f0' }} />
            ) : (
              <div><a href={viewed.viewUrl} target="_blank" rel="noreferrer">{viewed.fileName}</a></div>
            )}
          </div>
        )}
      </Card>
      {(claim.status === 'submitted' || claim.status === 'more-info-requested') && (
        <Form form={form} layout="vertical" style={{ marginTop: 16 }} initialValues={{ decision: 'approve', approvedYuan: claim.amountFen / 100 }}>
          <Form.Item name="decision" label={t('claims.decision')}>
            <Radio.Group>
              <Radio.Button value="approve">{t('decision.approve')}</Radio.Button>
              <Radio.Button value="reject">{t('decision.reject')}</Radio.Button>
              <Radio.Button value="request-info">{t('decision.requestInfo')}</Radio.Button>
            </Radio.Group>
          </Form.Item>
          {decision === 'approve' && (
            <Form.Item name="approvedYuan" label={t('claims.approvedAmount')} rules={[{ required: true }]}>
              <InputNumber min={0.01} precision={2} prefix="¥" style={{ width: 200 }} />
            </Form.Item>
          )}
          <Form.Item name="reason" label={t('decision.reason')} rules={[{ required: decision !== 'approve', message: t('decision.reasonRequired') }]}>
            <Input.TextArea rows={2} maxLength={1000} />
          </Form.Item>
          <Button type="primary" onClick={submit} data-testid="claim-submit">{t('claims.submitDecision')}</Button>
        </Form>
      )}
    </>
  );
}

export default function Claims() {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<Status>('submitted');
  const [open, setOpen] = useState<Claim>();
  return (
    <Card title={t('menu.claims')}>
      <SubtreeTable
        route="/organisations/{orgId}/claims"
        filter={{ status }}
        rowKey="claimId"
        toolbar={
          <Space style={{ marginBottom: 12 }}>
            <Segmented<Status>
              value={status}
              onChange={setStatus}
              options={(['submitted', 'more-info-requested', 'approved', 'rejected'] as const).map((s) => ({ value: s, label: t(`claims.status.${s}` as 'claims.status.submitted') }))}
            />
          </Space>
        }
        columns={[
          { title: t('claims.kind'), dataIndex: 'kind', render: (k: string) => t(`claims.kind.${k}` as 'claims.kind.accident-medical') },
          { title: t('member.union'), dataIndex: 'organisationId' },
          { title: t('claims.incidentDate'), dataIndex: 'incidentDate' },
          { title: t('claims.amount'), dataIndex: 'amountFen', render: yuan },
          { title: t('claims.documents'), dataIndex: 'documents', render: (d: Claim['documents']) => d.length },
          { title: t('common.status'), dataIndex: 'status', render: (s: Status) => <Tag color={statusColour[s]}>{t(`claims.status.${s}` as 'claims.status.submitted')}</Tag> },
          { title: t('common.actions'), render: (_, claim) => <Button size="small" onClick={() => setOpen(claim)}>{claim.status === 'submitted' || claim.status === 'more-info-requested' ? t('claims.review') : t('common.details')}</Button> },
        ]}
      />
      <Drawer open={!!open} width={720} title={t('claims.title', { id: open?.claimId.slice(0, 8) ?? '' })} onClose={() => setOpen(undefined)} destroyOnHidden>
        {open && (
          <Review
            claim={open}
            onDone={() => {
              setOpen(undefined);
              void queryClient.invalidateQueries({ queryKey: ['claims'] });
            }}
          />
        )}
      </Drawer>
    </Card>
  );
}
