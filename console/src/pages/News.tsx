/**
 * News of the admin's subtree: the list (published and unpublished, paged), and the editor —
 * title, Markdown body with a live preview, pinned, a cover image uploaded straight to storage by
 * the presigned PUT URL the API answers — for a new article or an edit; unpublishing asks first.
 */
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Checkbox, Col, Drawer, Form, Input, Row, Space, Tag, Upload } from 'antd';
import { useEffect, useState } from 'react';
import { api, must } from '../api/client';
import { ApiForm } from '../components/ApiForm';
import { ConfirmButton } from '../components/confirm';
import { Markdown } from '../components/Markdown';
import { useFormSubmit } from '../components/submit';
import { SubtreeTable, type ItemOf } from '../components/SubtreeTable';
import { useI18n } from '../i18n';
import { useSession } from '../session';

type Article = ItemOf<'/organisations/{orgId}/news'>;
type CoverType = 'image/jpeg' | 'image/png' | 'image/webp';

function Editor({ article, onDone }: { article?: Article; onDone(): void }) {
  const { t } = useI18n();
  const { orgId } = useSession();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ organisationId: string; title: string; body: string; pinned: boolean }>();
  const body = Form.useWatch('body', form) ?? '';
  const [cover, setCover] = useState<File>();
  const saving = useFormSubmit(form, async (v) => {
    const coverSpec = cover && { contentType: cover.type as CoverType, sizeBytes: cover.size };
    const answer = article
      ? await must(api().PATCH('/news/{articleId}', { params: { path: { articleId: article.articleId } }, body: { title: v.title, body: v.body, pinned: v.pinned, ...(coverSpec && { cover: coverSpec }) } }))
      : await must(api().POST('/organisations/{orgId}/news', { params: { path: { orgId: v.organisationId } }, body: { title: v.title, body: v.body, pinned: v.pinned, ...(coverSpec && { cover: coverSpec }) } }));
    if (cover && answer.coverUpload) {
      // Straight to storage, with exactly the type and size the URL was signed for.
      const put = await fetch(answer.coverUpload.uploadUrl, { method: 'PUT', headers: { 'content-type': cover.type }, body: cover });
      if (!put.ok) throw new Error(t('news.coverFailed', { status: put.status }));
    }
    message.success(t('news.saved'));
    onDone();
  });
  // An edit starts from the article's Markdown as stored (the list carries only an excerpt).
  useEffect(() => {
    if (!article) return;
    must(api().GET('/news/{articleId}', { params: { path: { articleId: article.articleId } } }))
      .then((full) => form.setFieldsValue({ body: full.body }))
      .catch(saving.setError);
  }, [article?.articleId]);

  return (
    <ApiForm
      submission={saving}
      submitLabel={article ? t('common.save') : t('news.publish')}
      submitTestId="news-save"
      initialValues={{ organisationId: article?.organisationId ?? orgId, title: article?.title, body: '', pinned: article?.pinned ?? false }}
    >
      {!article && <Form.Item name="organisationId" label={t('news.union')} rules={[{ required: true }]}><Input /></Form.Item>}
      <Form.Item name="title" label={t('news.title')} rules={[{ required: true }]}><Input maxLength={120} data-testid="news-title" /></Form.Item>
      <Row gutter={12}>
        <Col span={12}>
          <Form.Item name="body" label={t('news.body')} rules={[{ required: true }]}><Input.TextArea rows={14} data-testid="news-body" /></Form.Item>
        </Col>
        <Col span={12}>
          <div style={{ marginBottom: 8 }}>{t('news.preview')}</div>
          <Card size="small" style={{ minHeight: 300 }}><Markdown source={body} /></Card>
        </Col>
      </Row>
      <Space align="start">
        <Form.Item name="pinned" valuePropName="checked"><Checkbox>{t('news.pinned')}</Checkbox></Form.Item>
        <Upload accept="image/jpeg,image/png,image/webp" maxCount={1} beforeUpload={(file) => { setCover(file); return false; }} onRemove={() => setCover(undefined)}>
          <Button>{t('news.cover')}</Button>
        </Upload>
      </Space>
    </ApiForm>
  );
}

export default function News() {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<Article | 'new'>();
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['news'] });
  const unpublishing = (article: Article) => ({
    title: t('news.confirmUnpublish', { title: article.title }),
    danger: true,
    action: async () => {
      await must(api().DELETE('/news/{articleId}', { params: { path: { articleId: article.articleId } } }));
      await refresh();
    },
  });
  return (
    <Card title={t('menu.news')} extra={<Button type="primary" onClick={() => setEditing('new')}>{t('news.new')}</Button>}>
      <SubtreeTable
        route="/organisations/{orgId}/news"
        rowKey="articleId"
        columns={[
          { title: t('news.title'), dataIndex: 'title', render: (title: string, a) => <>{a.pinned && <Tag color="red">{t('news.pinned')}</Tag>}{title}</> },
          { title: t('news.union'), dataIndex: 'organisationName' },
          { title: t('news.publishedAt'), dataIndex: 'publishedAt', render: (at: string) => new Date(at).toLocaleString() },
          { title: t('common.status'), dataIndex: 'status', render: (s: string) => <Tag color={s === 'published' ? 'green' : 'default'}>{t(`news.status.${s}` as 'news.status.published')}</Tag> },
          {
            title: t('common.actions'),
            render: (_, a) => a.status === 'published' && (
              <Space>
                <Button size="small" onClick={() => setEditing(a)}>{t('news.edit')}</Button>
                <ConfirmButton size="small" danger confirm={unpublishing(a)}>{t('news.unpublish')}</ConfirmButton>
              </Space>
            ),
          },
        ]}
      />
      <Drawer open={!!editing} width={960} title={editing === 'new' ? t('news.new') : t('news.edit')} onClose={() => setEditing(undefined)} destroyOnHidden>
        {editing && <Editor article={editing === 'new' ? undefined : editing} onDone={() => { setEditing(undefined); void refresh(); }} />}
      </Drawer>
    </Card>
  );
}
