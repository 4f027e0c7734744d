export type TableGrants = Record<string, 'read' | 'write' | 'read-write'>;
export interface NeededAction {
  action: string;
  table: string;
}
export function actionsOf(operation: string, body: Record<string, unknown>): NeededAction[];
export function refusal(operation: string, body: Record<string, unknown>, grants: TableGrants): NeededAction | undefined;
