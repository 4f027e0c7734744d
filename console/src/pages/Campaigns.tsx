/**
 * Coupon campaigns: today's running campaigns, a new one for the admin's subtree (the API's field
 * errors shown beside their inputs), and a campaign's daily figures — released, claimed, redeemed,
 * expired — as a chart over its last days.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Checkbox, Col, DatePicker, Drawer, Form, Input, InputNumber, Row, Select, Table, TimePicker, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { api, must } from '../api/client';
import type { paths } from '../api/schema';
import { ColumnChart } from '../components/Charts';
import { useConfirm } from '../components/confirm';
import { ProblemAlert, showFieldErrors } from '../components/problems';
import { WholeTable } from '../components/WholeTable';
import { addDays, shanghaiDay } from '../days';
import { useI18n, yuan } from '../i18n';
import { useSession } from '../session';

type Campaign = paths['/campaigns']['get']['responses'][200]['content']['application/json']['items'][number];
const industries = ['courier', 'food-delivery', 'truck-driving', 'ride-hailing', 'sanitation', 'construction', 'other'] as const;

function Figures({ campaign }: { campaign: Pick<Campaign, 'campaignId' | 'name' | 'firstDay' | 'lastDay'> }) {
  const { t } = useI18n();
  const today = shanghaiDay();
  const last = campaign.lastDay < today ? campaign.lastDay : today;
  const days: string[] = [];
  for (let day = last; day >= campaign.firstDay && days.length < 7; day = addDays(day, -1)) days.unshift(day);
  const figures = useQuery({
    queryKey: ['campaign-figures', campaign.campaignId, days],
    queryFn: () => Promise.all(days.map((day) => must(api().GET('/campaigns/{campaignId}/days/{day}', { params: { path: { campaignId: campaign.campaignId, day } } })))),
  });
  if (figures.error) return <ProblemAlert error={figures.error} />;
  const series = [['released', t('campaigns.released')], ['claimed', t('campaigns.claimed')], ['redeemed', t('campaigns.redeemed')], ['expired', t('campaigns.expired')]] as const;
  return (
    <div data-testid="campaign-figures">
      <ColumnChart title={campaign.name} testId="campaign-chart" data={(figures.data ?? []).flatMap((f) => series.map(([key, label]) => ({ label: f.day, series: label, value: f[key] })))} />
      <WholeTable
        rowKey="day"
        dataSource={figures.data ?? []}
        loading={figures.isLoading}
        columns={[{ title: t('campaigns.day'), dataIndex: 'day' }, ...series.map(([key, label]) => ({ title: label, dataIndex: key }))]}
      />
    </div>
  );
}

interface CreateValues {
  name: string;
  organisationId: string;
  industries: (typeof industries)[number][];
  verifiedOnly: boolean;
  days: [Dayjs, Dayjs];
  releaseTime: Dayjs;
  dailyQuota: number;
  thresholdYuan: number;
  discountYuan: number;
  validityDays: number;
  perMemberPerCampaign: number;
  merchants: string;
}

function CreateCampaign({ onCreated }: { onCreated(c: Pick<Campaign, 'campaignId' | 'name' | 'firstDay' | 'lastDay'>): void }) {
  const { t } = useI18n();
  const { orgId } = useSession();
  const confirm = useConfirm();
  const [form] = Form.useForm<CreateValues>();
  const [error, setError] = useState<unknown>();
  const submit = async () => {
    const v = await form.validateFields();
    setError(undefined);
    await confirm({
      title: t('campaigns.confirmCreate', { name: v.name, quota: v.dailyQuota }),
      done: t('campaigns.created'),
      action: async () => {
        try {
          const created = await must(api().POST('/campaigns', {
            body: {
              name: v.name,
              audience: { organisationId: v.organisationId, industries: v.industries, verifiedOnly: v.verifiedOnly },
              firstDay: v.days[0].format('YYYY-MM-DD'),
              lastDay: v.days[1].format('YYYY-MM-DD'),
              releaseTime: v.releaseTime.format('HH:mm'),
              dailyQuota: v.dailyQuota,
              rule: { thresholdFen: Math.round(v.thresholdYuan * 100), discountFen: Math.round(v.discountYuan * 100) },
              validityDays: v.validityDays,
              perMemberPerCampaign: v.perMemberPerCampaign,
              merchants: v.merchants.split(/[,，\s]+/).filter(Boolean),
            },
          }));
          onCreated(created);
        } catch (e) {
          // The fields at fault are marked beside their inputs; the problem's detail above the form.
          showFieldErrors(form, e, { 'audience.organisationId': 'organisationId', 'audience.industries': 'industries', firstDay: 'days', lastDay: 'days', 'rule.thresholdFen': 'thresholdYuan', 'rule.discountFen': 'discountYuan' });
          setError(e);
          throw e;
        }
      },
    });
  };
  return (
    <Form<CreateValues>
      form={form}
      layout="vertical"
      data-testid="campaign-form"
      initialValues={{ organisationId: orgId, industries: ['courier', 'food-delivery'], verifiedOnly: true, days: [dayjs(shanghaiDay()), dayjs(addDays(shanghaiDay(), 30))], releaseTime: dayjs('10:00', 'HH:mm'), dailyQuota: 1000, thresholdYuan: 20, discountYuan: 5, validityDays: 7, perMemberPerCampaign: 10, merchants: 'demo-mart' }}
    >
      {error !== undefined && <ProblemAlert error={error} />}
      <Form.Item name="name" label={t('campaigns.name')} rules={[{ required: true }]}><Input maxLength={100} /></Form.Item>
      <Row gutter={12}>
        <Col span={12}><Form.Item name="organisationId" label={t('campaigns.audienceUnion')} rules={[{ required: true }]}><Input /></Form.Item></Col>
        <Col span={12}><Form.Item name="verifiedOnly" valuePropName="checked" label=" "><Checkbox>{t('campaigns.verifiedOnly')}</Checkbox></Form.Item></Col>
      </Row>
      <Form.Item name="industries" label={t('member.industry')} rules={[{ required: true }]}>
        <Select mode="multiple" options={industries.map((i) => ({ value: i, label: t(`industry.${i}`) }))} />
      </Form.Item>
      <Row gutter={12}>
        <Col span={16}><Form.Item name="days" label={t('campaigns.days')} rules={[{ required: true }]}><DatePicker.RangePicker /></Form.Item></Col>
        <Col span={8}><Form.Item name="releaseTime" label={t('campaigns.releaseTime')} rules={[{ required: true }]}><TimePicker format="HH:mm" /></Form.Item></Col>
      </Row>
      <Row gutter={12}>
        <Col span={8}><Form.Item name="dailyQuota" label={t('campaigns.dailyQuota')} rules={[{ required: true }]}><InputNumber min={1} style={{ width: '100%' }} /></Form.Item></Col>
        <Col span={8}><Form.Item name="thresholdYuan" label={t('campaigns.threshold')} rules={[{ required: true }]}><InputNumber min={0} precision={2} prefix="¥" style={{ width: '100%' }} /></Form.Item></Col>
        <Col span={8}><Form.Item name="discountYuan" label={t('campaigns.discount')} rules={[{ required: true }]}><InputNumber min={0.01} precision={2} prefix="¥" style={{ width: '100%' }} /></Form.Item></Col>
      </Row>
      <Row gutter={12}>
        <Col span={8}><Form.Item name="validityDays" label={t('campaigns.validityDays')} rules={[{ required: true }]}><InputNumber min={1} style={{ width: '100%' }} /></Form.Item></Col>
        <Col span={8}><Form.Item name="perMemberPerCampaign" label={t('campaigns.perMember')} rules={[{ required: true }]}><InputNumber min={1} style={{ width: '100%' }} /></Form.Item></Col>
        <Col span={8}><Form.Item name="merchants" label={t('campaigns.merchants')} rules={[{ required: true }]}><Input /></Form.Item></Col>
      </Row>
      <Button type="primary" onClick={submit} data-testid="campaign-submit">{t('common.create')}</Button>
    </Form>
  );
}

export default function Campaigns() {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const today = useQuery({ queryKey: ['campaigns'], queryFn: () => must(api().GET('/campaigns')) });
  const [creating, setCreating] = useState(false);
  const [shown, setShown] = useState<Pick<Campaign, 'campaignId' | 'name' | 'firstDay' | 'lastDay'>>();
  return (
    <Card title={t('menu.campaigns')} extra={<Button type="primary" onClick={() => setCreating(true)}>{t('campaigns.new')}</Button>}>
      {today.error && <ProblemAlert error={today.error} />}
      <Typography.Paragraph type="secondary">{t('campaigns.today', { day: today.data?.day ?? '' })}</Typography.Paragraph>
      <Table<Campaign>
        data-testid="campaigns"
        rowKey="campaignId"
        size="middle"
        pagination={false}
        loading={today.isLoading}
        dataSource={today.data?.items ?? []}
        columns={[
          { title: t('campaigns.name'), dataIndex: 'name' },
          { title: t('campaigns.audienceUnion'), render: (_, c) => c.audience.organisationId },
          { title: t('campaigns.days'), render: (_, c) => `${c.firstDay} ~ ${c.lastDay}` },
          { title: t('campaigns.dailyQuota'), dataIndex: 'dailyQuota' },
          { title: t('campaigns.rule'), render: (_, c) => t('campaigns.ruleText', { threshold: yuan(c.rule.thresholdFen), discount: yuan(c.rule.discountFen) }) },
          { title: t('common.actions'), render: (_, c) => <Button size="small" onClick={() => setShown(c)}>{t('campaigns.figures')}</Button> },
        ]}
      />
      <Drawer open={creating} width={640} title={t('campaigns.new')} onClose={() => setCreating(false)} destroyOnHidden>
        <CreateCampaign
          onCreated={(c) => {
            setCreating(false);
            setShown(c);
            void queryClient.invalidateQueries({ queryKey: ['campaigns'] });
          }}
        />
      </Drawer>
      <Drawer open={!!shown} width={720} title={shown?.name} onClose={() => setShown(undefined)} destroyOnHidden>
        {shown && <Figures campaign={shown} />}
      </Drawer>
    </Card>
  );
}
