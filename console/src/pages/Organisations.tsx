/**
 * The organisation tree of the admin's subtree: browse it (children load as they open), search
 * the loaded part by name or id (or go to an id), and for the union chosen: its details, the
 * members of its whole subtree and its join requests to approve or reject.
 */
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Descriptions, Empty, Form, Input, Modal, Row, Space, Tabs, Tag, Tree, Typography, type TableColumnType } from 'antd';
import type { DataNode } from 'antd/es/tree';
import { useEffect, useMemo, useState } from 'react';
import { api, must } from '../api/client';
import { ProblemAlert } from '../components/problems';
import { useFormSubmit } from '../components/submit';
import { SubtreeTable, type ItemOf } from '../components/SubtreeTable';
import { useI18n } from '../i18n';
import { useOrganisation, useSession, type Organisation } from '../session';

type JoinRequest = ItemOf<'/organisations/{orgId}/join-requests'>;

async function allChildren(orgId: string): Promise<Organisation[]> {
  const children: Organisation[] = [];
  let cursor: string | undefined;
  do {
    const page = await must(api().GET('/organisations/{orgId}/children', { params: { path: { orgId }, query: { limit: 100, cursor } } }));
    children.push(...page.items);
    cursor = page.cursor;
  } while (cursor && children.length < 1000);
  return children;
}

export function OrganisationTree({ onSelect, selected }: { onSelect(id: string): void; selected?: string }) {
  const { t } = useI18n();
  const { roots } = useSession();
  const [known, setKnown] = useState<Record<string, Organisation>>({});
  const [childrenOf, setChildrenOf] = useState<Record<string, string[]>>({});
  const [expanded, setExpanded] = useState<string[]>([]);
  const [search, setSearch] = useState('');
  const [error, setError] = useState<unknown>();

  useEffect(() => {
    void Promise.all(roots.map((id) => must(api().GET('/organisations/{orgId}', { params: { path: { orgId: id } } }))))
      .then((orgs) => setKnown((k) => ({ ...k, ...Object.fromEntries(orgs.map((o) => [o.id, o])) })))
      .catch(setError);
  }, [roots.join()]);

  const load = async (id: string) => {
    if (childrenOf[id]) return;
    const children = await allChildren(id).catch((e) => {
      setError(e);
      return [];
    });
    setKnown((k) => ({ ...k, ...Object.fromEntries(children.map((o) => [o.id, o])) }));
    setChildrenOf((c) => ({ ...c, [id]: children.map((o) => o.id) }));
  };

  const matches = (o: Organisation) => !search || o.name.toLowerCase().includes(search.toLowerCase()) || o.id.includes(search.toLowerCase());
  const node = (id: string): DataNode | undefined => {
    const org = known[id];
    if (!org) return undefined;
    const children = (childrenOf[id] ?? []).map(node).filter((n): n is DataNode => !!n);
    // While searching, a branch stays when it or something loaded below it matches.
    if (search && !matches(org) && children.length === 0) return undefined;
    return {
      key: id,
      title: (
        <span data-testid={`org-node-${id}`}>
          <span style={search && matches(org) ? { background: '#fff1b8' } : undefined}>{org.name}</span>{' '}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t(`kind.${org.kind}` as 'kind.city')} · {org.memberCount}</Typography.Text>
          {org.status === 'closed' && <Tag color="default" style={{ marginLeft: 4 }}>{t('org.closed')}</Tag>}
        </span>
      ),
      isLeaf: org.childCount === 0,
      children: childrenOf[id] ? children : undefined,
    };
  };
  const treeData = roots.map(node).filter((n): n is DataNode => !!n);

  const goTo = async (value: string) => {
    setSearch(value.trim());
    const id = value.trim();
    if (!id || known[id]) return;
    // Not loaded yet: an exact id opens its branch, when it is in the admin's subtree (else the API says 404).
    try {
      const org = await must(api().GET('/organisations/{orgId}', { params: { path: { orgId: id } } }));
      const ancestors = org.path.split('/').filter(Boolean);
      const start = ancestors.findIndex((a) => roots.includes(a));
      if (start < 0) return;
      for (const ancestor of ancestors.slice(start, -1)) await load(ancestor);
      setExpanded((e) => [...new Set([...e, ...ancestors.slice(start, -1)])]);
      setSearch('');
      onSelect(id);
    } catch {
      // no such union in reach: the filter above simply shows nothing
    }
  };

  return (
    <Card title={t('org.tree')} size="small">
      {error !== undefined && <ProblemAlert error={error} />}
      <Input.Search data-testid="org-search" placeholder={t('org.searchPlaceholder')} allowClear onSearch={goTo} onChange={(e) => setSearch(e.target.value.trim())} style={{ marginBottom: 8 }} />
      {treeData.length === 0 ? <Empty description={t('common.noData')} /> : (
        <Tree
          treeData={treeData}
          expandedKeys={search ? Object.keys(known) : expanded}
          onExpand={(keys) => setExpanded(keys as string[])}
          selectedKeys={selected ? [selected] : []}
          loadData={(n) => load(String(n.key))}
          onSelect={(keys) => keys[0] && onSelect(String(keys[0]))}
        />
      )}
    </Card>
  );
}

/** Who a member is — name, industry, verified — as both a join request and a membership show it. */
function useMemberColumns<Row extends { name: string; industry: string; verified: boolean }>() {
  const { t } = useI18n();
  const name: TableColumnType<Row> = { title: t('member.name'), dataIndex: 'name' };
  const industry: TableColumnType<Row> = { title: t('member.industry'), dataIndex: 'industry', render: (i: string) => t(`industry.${i}` as 'industry.other') };
  const verified: TableColumnType<Row> = { title: t('member.verified'), dataIndex: 'verified', render: (v: boolean) => (v ? <Tag color="green">{t('common.yes')}</Tag> : <Tag>{t('common.no')}</Tag>) };
  return { name, industry, verified };
}

function JoinRequests({ orgId }: { orgId: string }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const member = useMemberColumns<JoinRequest>();
  const [deciding, setDeciding] = useState<{ request: JoinRequest; decision: 'approve' | 'reject' }>();
  const [form] = Form.useForm<{ reason?: string }>();
  const decision = useFormSubmit(form, async ({ reason }) => {
    if (!deciding) return;
    const answer = await must(api().POST('/organisations/{orgId}/join-requests/{userId}', {
      params: { path: { orgId, userId: deciding.request.userId } },
      body: { decision: deciding.decision, ...(reason && { reason }) },
    }));
    message.success(t(answer.decision === 'approved' ? 'join.approved' : 'join.rejected', { name: deciding.request.name }));
    setDeciding(undefined);
    form.resetFields();
    await queryClient.invalidateQueries({ queryKey: ['join-requests'] });
  });

  return (
    <>
      <SubtreeTable
        route="/organisations/{orgId}/join-requests"
        orgId={orgId}
        rowKey="userId"
        columns={[
          member.name,
          { title: t('join.kind'), dataIndex: 'kind', render: (k: string) => t(`join.kind.${k}` as 'join.kind.join') },
          member.industry,
          member.verified,
          { title: t('join.requestedAt'), dataIndex: 'requestedAt', render: (at: string) => new Date(at).toLocaleString() },
          {
            title: t('common.actions'),
            render: (_, request) => (
              <Space>
                <Button type="primary" size="small" onClick={() => setDeciding({ request, decision: 'approve' })}>{t('decision.approve')}</Button>
                <Button danger size="small" onClick={() => setDeciding({ request, decision: 'reject' })}>{t('decision.reject')}</Button>
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={!!deciding}
        title={deciding && t(deciding.decision === 'approve' ? 'join.confirmApprove' : 'join.confirmReject', { name: deciding.request.name })}
        okText={t('common.confirm')}
        okButtonProps={{ danger: deciding?.decision === 'reject', loading: decision.busy }}
        onOk={decision.submit}
        onCancel={() => {
          setDeciding(undefined);
          decision.setError(undefined);
        }}
        destroyOnHidden
      >
        {decision.error !== undefined && <ProblemAlert error={decision.error} />}
        <Form form={form} layout="vertical">
          <Form.Item name="reason" label={t('decision.reason')} rules={[{ required: deciding?.decision === 'reject', message: t('decision.reasonRequired') }]}>
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

function Members({ orgId }: { orgId: string }) {
  const { t } = useI18n();
  const member = useMemberColumns<ItemOf<'/organisations/{orgId}/members'>>();
  return (
    <SubtreeTable
      route="/organisations/{orgId}/members"
      orgId={orgId}
      rowKey="userId"
      columns={[
        member.name,
        { title: t('member.union'), dataIndex: 'organisationId' },
        member.industry,
        member.verified,
        { title: t('member.since'), dataIndex: 'since', render: (at: string) => new Date(at).toLocaleDateString() },
      ]}
    />
  );
}

export default function Organisations() {
  const { t } = useI18n();
  const { orgId: scope } = useSession();
  const [selected, setSelected] = useState<string>(scope);
  useEffect(() => setSelected(scope), [scope]);
  const org = useOrganisation(selected);
  const details = useMemo(() => org.data, [org.data]);
  return (
    <Row gutter={16}>
      <Col xs={24} lg={8}>
        <OrganisationTree selected={selected} onSelect={setSelected} />
      </Col>
      <Col xs={24} lg={16}>
        <Card title={<span data-testid="org-title">{details?.name ?? selected}</span>} size="small">
          {org.error && <ProblemAlert error={org.error} />}
          {details && (
            <Descriptions size="small" column={3} style={{ marginBottom: 12 }}>
              <Descriptions.Item label="ID">{details.id}</Descriptions.Item>
              <Descriptions.Item label={t('org.kind')}>{t(`kind.${details.kind}` as 'kind.city')}</Descriptions.Item>
              <Descriptions.Item label={t('org.members')}>{details.memberCount}</Descriptions.Item>
              <Descriptions.Item label={t('org.autoApprove')}>{details.autoApprove ? t('common.yes') : t('common.no')}</Descriptions.Item>
              <Descriptions.Item label={t('org.children')}>{details.childCount}</Descriptions.Item>
              <Descriptions.Item label={t('org.status')}>{t(`org.status.${details.status}` as 'org.status.active')}</Descriptions.Item>
            </Descriptions>
          )}
          <Tabs
            items={[
              { key: 'join-requests', label: t('org.joinRequests'), children: <JoinRequests orgId={selected} /> },
              { key: 'members', label: t('org.subtreeMembers'), children: <Members orgId={selected} /> },
            ]}
          />
        </Card>
      </Col>
    </Row>
  );
}

