// What IAM would say to a function's DynamoDB call, given the tables its manifest entry declares
// and how ('read' | 'write' | 'read-write'), as the deployed stack grants them (grantReadData /
// grantReadWriteData). Plain JavaScript: the access front runs it in its own worker thread.

/** Actions each grant allows, as CDK's grantReadData, grantWriteData and grantReadWriteData give them. */
const READ_ACTIONS = ['GetItem', 'BatchGetItem', 'Query', 'Scan', 'ConditionCheckItem', 'DescribeTable', 'GetRecords', 'GetShardIterator'];
const WRITE_ACTIONS = ['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'DescribeTable'];
const ALLOWED = {
  read: new Set(READ_ACTIONS),
  write: new Set(WRITE_ACTIONS),
  'read-write': new Set([...READ_ACTIONS, ...WRITE_ACTIONS]),
};

/** The (action, table) pairs one API call needs, as IAM evaluates them. */
export function actionsOf(operation, body) {
  const transactionAction = { Put: 'PutItem', Update: 'UpdateItem', Delete: 'DeleteItem', ConditionCheck: 'ConditionCheckItem', Get: 'GetItem' };
  switch (operation) {
    case 'TransactWriteItems':
    case 'TransactGetItems':
      return (body.TransactItems ?? []).flatMap((item) =>
        Object.entries(item).map(([kind, request]) => ({ action: transactionAction[kind] ?? kind, table: request.TableName })),
      );
    case 'BatchWriteItem':
    case 'BatchGetItem':
      return Object.keys(body.RequestItems ?? {}).map((table) => ({ action: operation, table }));
    default:
      return [{ action: operation, table: body.TableName }];
  }
}

/** The first (action, table) the grants do not allow, or undefined when the call is allowed. */
export function refusal(operation, body, grants) {
  for (const need of actionsOf(operation, body)) {
    const grant = grants[need.table];
    if (!ALLOWED[grant]?.has(need.action)) return need;
  }
  return undefined;
}
