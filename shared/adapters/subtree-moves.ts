/** Queues the background half of an organisation move on the subtreeMoves queue. */
import { sendJson } from '../aws/sqs';
import { queueUrl } from '../config';
import type { QueueSubtreeMove } from '../organisations/organisation-move';

const subtreeMoves = queueUrl('subtreeMoves');

export const queueSubtreeMove: QueueSubtreeMove = (move) => sendJson(subtreeMoves, move);
