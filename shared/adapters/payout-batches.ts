/** Queues a payout batch by number on the payoutBatches queue. */
import { sendJson } from '../aws/sqs';
import { queueUrl } from '../config';

const payoutBatches = queueUrl('payoutBatches');

export const sendPayoutBatch = (batchNo: string) => sendJson(payoutBatches, { batchNo });
