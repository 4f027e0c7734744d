/**
 * A table short enough to show whole — a draw's proof, a bulk decision's results, a campaign's
 * days: small rows and no pages (CursorTable is the one that pages).
 */
import { Table, type TableProps } from 'antd';

export function WholeTable<T extends object>(props: Omit<TableProps<T>, 'size' | 'pagination'>) {
  return <Table<T> size="small" pagination={false} {...props} />;
}
