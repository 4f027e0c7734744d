/** An access log in memory for the unit tests: records by member, read newest first. */
import type { AccessLogStore, AccessRecord } from '../../shared/privacy/access-log-store';
import type { Page } from '../../shared/pagination';

export class MemoryAccessLog implements AccessLogStore {
  readonly written: AccessRecord[] = [];
  /** How many record() calls (the adapter's batches are its own concern). */
  writes = 0;
  /** Set to make the next writes fail, as a throttled or unreachable table would. */
  failing = false;

  async record(records: AccessRecord[]): Promise<void> {
    if (this.failing) throw new Error('access log unavailable');
    this.writes++;
    this.written.push(...records.map((record) => structuredClone(record)));
  }

  async records(userId: string, page: { limit: number; cursor?: string }): Promise<Page<AccessRecord>> {
    const mine = this.written.filter((record) => record.userId === userId).sort((a, b) => (a.at === b.at ? 0 : a.at < b.at ? 1 : -1));
    const start = page.cursor ? Number(page.cursor) : 0;
    const items = mine.slice(start, start + page.limit);
    return { items, cursor: start + page.limit < mine.length ? String(start + page.limit) : undefined };
  }
}
