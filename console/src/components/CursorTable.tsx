/**
 * A table that pages with the API's opaque cursors: "next" sends the cursor of the page shown,
 * "previous" goes back to the one before (kept on a stack); 50 rows a page by default.
 */
import { useQuery } from '@tanstack/react-query';
import { Button, Space, Table, Typography, type TableProps } from 'antd';
import { useEffect, useState, type Key, type ReactNode } from 'react';
import { useI18n } from '../i18n';
import { ProblemAlert } from './problems';

export interface Page<T> {
  items: T[];
  cursor?: string;
}

export function CursorTable<T extends object>(props: {
  queryKey: unknown[];
  fetchPage(cursor: string | undefined, limit: number): Promise<Page<T>>;
  columns: TableProps<T>['columns'];
  rowKey: keyof T & string;
  pageSize?: number;
  selection?: { selected: Key[]; onChange(keys: Key[], rows: T[]): void };
  onPage?(items: T[]): void;
  toolbar?: ReactNode;
  testId?: string;
}) {
  const { t } = useI18n();
  const limit = props.pageSize ?? 50;
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const key = JSON.stringify(props.queryKey);
  useEffect(() => setCursors([undefined]), [key]);
  const cursor = cursors[cursors.length - 1];
  const query = useQuery({ queryKey: [...props.queryKey, cursor, limit], queryFn: () => props.fetchPage(cursor, limit) });
  useEffect(() => {
    if (query.data) props.onPage?.(query.data.items);
  }, [query.data]);
  return (
    <div data-testid={props.testId}>
      {query.error && <ProblemAlert error={query.error} />}
      {props.toolbar}
      <Table<T>
        size="middle"
        rowKey={props.rowKey}
        columns={props.columns}
        dataSource={query.data?.items ?? []}
        loading={query.isFetching}
        pagination={false}
        rowSelection={props.selection && { selectedRowKeys: props.selection.selected, onChange: props.selection.onChange }}
      />
      <Space style={{ marginTop: 12 }}>
        <Button disabled={cursors.length <= 1} onClick={() => setCursors((c) => c.slice(0, -1))}>
          {t('list.previous')}
        </Button>
        <Typography.Text type="secondary">{t('list.page', { page: cursors.length })}</Typography.Text>
        <Button disabled={!query.data?.cursor} onClick={() => setCursors((c) => [...c, query.data!.cursor])}>
          {t('list.next')}
        </Button>
      </Space>
    </div>
  );
}
