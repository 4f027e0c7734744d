/** The local runtime's stand-in for IAM: what a function's table grants allow, call by call. */
import { describe, expect, it } from 'vitest';
import { refusal } from '../../local/dynamodb-policy.mjs';

const grants = { coupons: 'read-write', accounts: 'read', audit: 'write' } as const;

describe('table grants, as IAM evaluates them', () => {
  it('lets a read grant read, and refuses it every write', () => {
    expect(refusal('GetItem', { TableName: 'accounts' }, grants)).toBeUndefined();
    expect(refusal('Query', { TableName: 'accounts', IndexName: 'byOrgPath' }, grants)).toBeUndefined();
    expect(refusal('PutItem', { TableName: 'accounts' }, grants)).toEqual({ action: 'PutItem', table: 'accounts' });
    expect(refusal('UpdateItem', { TableName: 'accounts' }, grants)).toEqual({ action: 'UpdateItem', table: 'accounts' });
    expect(refusal('BatchWriteItem', { RequestItems: { accounts: [] } }, grants)).toEqual({ action: 'BatchWriteItem', table: 'accounts' });
  });

  it('lets a write grant write but not read', () => {
    expect(refusal('PutItem', { TableName: 'audit' }, grants)).toBeUndefined();
    expect(refusal('GetItem', { TableName: 'audit' }, grants)).toEqual({ action: 'GetItem', table: 'audit' });
  });

  it('refuses any call to a table the entry does not declare', () => {
    expect(refusal('GetItem', { TableName: 'subsidies' }, grants)).toEqual({ action: 'GetItem', table: 'subsidies' });
    expect(refusal('CreateTable', { TableName: 'coupons' }, grants)).toEqual({ action: 'CreateTable', table: 'coupons' });
  });

  it('checks every item of a transaction: a condition check needs only read, a put needs write', () => {
    const transaction = (items: object[]) => refusal('TransactWriteItems', { TransactItems: items }, grants);
    expect(transaction([{ Put: { TableName: 'coupons' } }, { ConditionCheck: { TableName: 'accounts' } }])).toBeUndefined();
    expect(transaction([{ Put: { TableName: 'coupons' } }, { Update: { TableName: 'accounts' } }])).toEqual({ action: 'UpdateItem', table: 'accounts' });
    expect(refusal('TransactGetItems', { TransactItems: [{ Get: { TableName: 'audit' } }] }, grants)).toEqual({ action: 'GetItem', table: 'audit' });
  });
});
