/**
 * A paged table of what an organisation's subtree holds — `/organisations/{orgId}/news`,
 * `…/activities`, `…/members` and the like. The route's last segment names it everywhere: its
 * query key (so `invalidateQueries({ queryKey: ['news'] })` refreshes it) and its data-testid.
 */
import type { TableProps } from 'antd';
import type { Key, ReactNode } from 'react';
import { api, must } from '../api/client';
import type { paths } from '../api/schema';
import { useSession } from '../session';
import { CursorTable, type Page } from './CursorTable';

/** The routes that answer a page of items of a subtree, by cursor. */
export type SubtreeRoute = {
  [R in keyof paths]: R extends `/organisations/{orgId}/${string}`
    ? paths[R] extends { get: { parameters: { query?: { cursor?: string; limit?: number } }; responses: { 200: { content: { 'application/json': { items: unknown[] } } } } } }
      ? R
      : never
    : never;
}[keyof paths];

export type ItemOf<R extends SubtreeRoute> = paths[R]['get']['responses'][200]['content']['application/json']['items'][number];

/** What a route may be asked besides the page: its filters (a status, a programme). */
type FilterOf<R extends SubtreeRoute> = Omit<NonNullable<paths[R]['get']['parameters']['query']>, 'cursor' | 'limit'>;

export function SubtreeTable<R extends SubtreeRoute>(props: {
  route: R;
  /** The subtree's root; the session's organisation when not given. */
  orgId?: string;
  filter?: FilterOf<R>;
  rowKey: keyof ItemOf<R> & string;
  columns: TableProps<ItemOf<R>>['columns'];
  selection?: { selected: Key[]; onChange(keys: Key[], rows: ItemOf<R>[]): void };
  onPage?(items: ItemOf<R>[]): void;
  toolbar?: ReactNode;
}) {
  const session = useSession();
  const orgId = props.orgId ?? session.orgId;
  const name = props.route.slice(props.route.lastIndexOf('/') + 1);
  const filter = props.filter ?? {};
  const fetchPage = (cursor: string | undefined, limit: number) =>
    // One call for every route of the union: openapi-fetch cannot check a union of paths, the route's own types above do.
    must(api().GET(props.route as SubtreeRoute, { params: { path: { orgId }, query: { ...filter, cursor, limit } } } as never)) as Promise<Page<ItemOf<R>>>;
  return (
    <CursorTable<ItemOf<R>>
      testId={name}
      queryKey={[name, orgId, ...Object.values(filter)]}
      rowKey={props.rowKey}
      columns={props.columns}
      selection={props.selection}
      onPage={props.onPage}
      toolbar={props.toolbar}
      fetchPage={fetchPage}
    />
  );
}
