/**
 * The tables and queues the system owns, described once. The CDK stack builds them from these
 * definitions and the local runtime creates the same ones in DynamoDB Local and fauxqs, so the
 * two worlds cannot disagree on a key, an index or a dead-letter rule.
 */

export type AttributeType = 'S' | 'N';

export interface KeyAttribute {
  name: string;
  type: AttributeType;
}

export interface IndexDefinition {
  name: string;
  partitionKey: KeyAttribute;
  sortKey?: KeyAttribute;
}

export interface TableDefinition {
  description: string;
  partitionKey: KeyAttribute;
  sortKey?: KeyAttribute;
  /** Global secondary indexes, all projecting every attribute. */
  indexes?: IndexDefinition[];
  timeToLiveAttribute?: string;
  /**
   * A DynamoDB stream of every change, with the item before and after (NEW_AND_OLD_IMAGES): what
   * a `stream` trigger consumes. Only tables whose items make dashboard figures have one.
   */
  stream?: 'NEW_AND_OLD_IMAGES';
}

export interface QueueDefinition {
  description: string;
  /** Must exceed the consumer's timeout, or a slow batch is delivered twice while still running. */
  visibilityTimeoutSeconds: number;
  /** Deliveries before a message moves to the dead-letter queue. */
  maxReceiveCount: number;
  retentionDays: number;
}

const S = (name: string): KeyAttribute => ({ name, type: 'S' });

/**
 * A table keyed `pk`/`sk` (the single-table design every capability uses) whose global indexes, in
 * the order given, are keyed `gsi1pk`/`gsi1sk`, `gsi2pk`/`gsi2sk`, …; `more` adds what else it has.
 */
const keyedTable = (description: string, indexes: string[] = [], more: Partial<TableDefinition> = {}): TableDefinition => ({
  description,
  partitionKey: S('pk'),
  sortKey: S('sk'),
  ...(indexes.length > 0 && { indexes: indexes.map((name, i) => ({ name, partitionKey: S(`gsi${i + 1}pk`), sortKey: S(`gsi${i + 1}sk`) })) }),
  ...more,
});

/** A queue kept 14 days, whose messages go to its dead-letter queue after `maxReceiveCount` deliveries. */
const queue = (description: string, visibilityTimeoutSeconds: number, maxReceiveCount = 5): QueueDefinition => ({ description, visibilityTimeoutSeconds, maxReceiveCount, retentionDays: 14 });

/** Tables whose items make dashboard figures: the aggregator reads their changes from the stream. */
const streamed: Partial<TableDefinition> = { stream: 'NEW_AND_OLD_IMAGES' };

export const tables = {
  // byBirthMonth is sparse: verified members of a union by birth month, BIRTHMONTH#<province/city>#<MM> /
  // <union path><sub> — "born in March under union X" is one begins_with, no scan (birthdays).
  accounts: keyedTable(
    'Everyone who signs in: member profile, role grants, membership history and policies under the sign-in subject; ID-number claims.',
    ['byOrgPath', 'requestsByOrg', 'byBirthMonth'], streamed,
  ),
  organisations: keyedTable(
    "The union tree: one item per organisation, with its ancestry path; children by parent. Beside each union's item (pk ORG#<id>): its admin roster (sk ADMIN#<sub>) and the record of admin changes (sk ADMINLOG#<at>#<n>).",
    ['byParent'], streamed,
  ),
  // byOrganisation: gsi2pk CLAIMS#<province>, gsi2sk <status>#<union path><createdAt>#<id>: "status S
  // anywhere under union X" is one begins_with(S#<X's path>) — no scan, whatever the depth of X.
  claims: keyedTable('Insurance claims (sk CLAIM), their timelines (sk EVENT#…) and document access logs (sk VIEW#…); by member and by status within a subtree.', ['byMember', 'byOrganisation']),
  coupons: keyedTable('Coupon campaigns, daily drops (stock sharded over counters), member claim limits and coupons.', ['byMember', 'campaignsByLastDay'], streamed),
  // bySubtree, the reviewers' work list: SUBTREE#<programme>#<cycle>#<status> / <union path><createdAt>#<id>, a subtree by prefix.
  subsidies: keyedTable('Subsidy programmes, applications with their audit trail, cycle closures and cycle lotteries.', ['byMember', 'byCycle', 'bySubtree']),
  payouts: keyedTable('Payout items owed to members, the batches that pay them, and daily budgets per merchant account.', ['queue', 'byUser', 'batches'], streamed),
  // byMember, an entrant's entries: MEMBER#<sub> / <enteredAt>#<drawId>. byAudience, draws open to an
  // organisation's members: AUDIENCE#<orgId> / <entriesCloseAt>#<drawId>. bySubtree, an admin's subtree:
  // DRAWS#<province> / <audience path><createdAt>#<drawId>, by prefix. byDeadline, offers by deadline
  // (OFFERED / <deadline>#<drawId>#<slotId>) for the lapse sweep; UNFINISHED draws.
  draws: keyedTable(
    "Prize draws (sk DRAW), each member's one entry (ENTRANT#<sub>, ENTRY#<entryId>), the frozen list (ELIGIBLE#<commitment>#n), the ranking (RANKED#n), prize units (SLOT#…) and pass-on steps (STEP#n), under pk DRAW#<id>.",
    ['byMember', 'byAudience', 'bySubtree', 'byDeadline'], streamed,
  ),
  // byAudience: AUDIENCE#<audience union> / <startsAt>#<id>: a member reads her union's and each ancestor's
  // partition and merges them by start. bySubtree: ACTIVITIES#<province> / <organiser path><startsAt>#<id>:
  // a subtree's activities by prefix, for its admins. byMember: MEMBER#<sub> / <endsAt>#<id>: a member's own
  // sign-ups. roster: ROSTER#<id>#<status> / <ticket> (waiting) or <at>#<sub>: an activity's sign-ups in one
  // status. offersByDeadline: OFFERS / <offerExpiresAt>#<id>#<sub>, only while an offer is open: the expiry
  // sweep's due offers.
  activities: keyedTable(
    "Activities (pk ACTIVITY#<id>, sk ACTIVITY) with, in the same partition, each member's sign-up (sk SIGNUP#<sub>), the waiting list in arrival order (sk QUEUE#<ticket>) and the arrival counter (sk TICKETS).",
    ['byAudience', 'bySubtree', 'byMember', 'roster', 'offersByDeadline'], streamed,
  ),
  inbox: keyedTable(
    "Members' personal notices (sk NOTICE#<at>#<id>), each member's unread count (sk UNREAD) and her access log — who was shown her personal data (sk ACCESS#<at>#<id>, expired by TTL after a year) — under pk USER#<sub>.",
    [],
    { timeToLiveAttribute: 'expiresAt' },
  ),
  // bySubtree, an admin's subtree: NEWS#<province> / <union path><publishedAt>#<id>, by prefix.
  news: keyedTable(
    "Union news: each article (pk ARTICLE#<id>, sk ARTICLE) and, while it is published, its one entry in its union's feed (pk FEED#<orgId>, sk P|N#<publishedAt>#<id>: pinned first, then newest); each feed's version (pk FEEDVERSION#<orgId>, sk VERSION), raised in the transaction of every change to it. Members' feeds read their union chain's versions in one batch and merge the chain's feed partitions, each queried only when its version moved since the container last read it.",
    ['bySubtree'], streamed,
  ),
  themes: keyedTable(
    "Themes of the month: one item per union and month (pk THEMES#<orgId>, sk <YYYY-MM>) naming the activities, coupon campaigns and news articles it groups. A member's view is one BatchGet of her union chain's items for the month.",
  ),
  dashboard: keyedTable(
    "The dashboard's figures, kept by the stream aggregator: one item per organisation (pk NODE#<orgId>, sk NODE) with its whole subtree's totals and per-month figures, the parent they are counted under (countedParent) and a version every change bumps; and one marker per stream record applied (pk APPLIED#<eventID>, sk APPLIED, expired by TTL), written in the same transaction, so a redelivered record counts once.",
    [],
    { timeToLiveAttribute: 'expiresAt' },
  ),
  idempotency: {
    description: 'Powertools idempotency records for Idempotency-Key replays; expired by TTL.',
    partitionKey: S('id'),
    timeToLiveAttribute: 'expiration',
  },
} satisfies Record<string, TableDefinition>;

export const queues = {
  // ≥ payoutWorker's 20 s timeout, and short: a batch whose worker died is delivered again in 30 s.
  payoutBatches: queue('Payout batches to submit to the payment provider (the message is the batch number).', 30, 10),
  // ≥ activityNoticeWorker's 120 s timeout.
  activityNotices: queue(
    'Activities closed or cancelled whose signed-up and waiting members are still to be told (the message is the activity and what happened, with where to carry on).',
    3 * 60,
  ),
  // ≥ birthdayWorker's 300 s timeout: a run still granting is not delivered twice meanwhile.
  birthdayBenefits: queue("Unions whose members born this month get their birthday coupon (union, month and the worker's cursor).", 6 * 60),
  dashboardFailures: queue(
    "Stream batches the dashboard aggregator still failed after its retries (the event source mapping's on-failure destination: which shard and sequence numbers). Rebuild the figures (dashboardRebuild) after fixing the cause.",
    60,
  ),
  subtreeMoves: queue('Organisations moved under a new parent whose descendants and members still carry the old path.', 6 * 60),
} satisfies Record<string, QueueDefinition>;

export interface BucketDefinition {
  description: string;
  /** Objects are deleted this many days after upload. */
  expireAfterDays?: number;
}

export const buckets = {
  memberDocuments: {
    description: 'Documents members upload for insurance claims and subsidy applications, through presigned URLs.',
  },
  newsImages: {
    description: "News articles' cover images, uploaded by admins through presigned URLs (type and size signed) and shown through presigned GET URLs.",
  },
} satisfies Record<string, BucketDefinition>;

/** Environment variable that carries a bucket's name, e.g. `CLAIM_DOCUMENTS_BUCKET_NAME`. */
export const bucketEnvVar = (bucket: string): string => `${constantCase(bucket)}_BUCKET_NAME`;

export interface SecretDefinition {
  description: string;
  /** Variable that carries the secret's ARN when deployed. */
  arnEnvVar: string;
  /** Variable that carries the value itself in the local runtime (there is no Secrets Manager). */
  localValueEnvVar: string;
  /** What the local runtime generates for it: random hex, or a merchant's key pairs (JSON). */
  localValue?: 'random' | 'merchant-keys';
}

export const secrets = {
  piiHashKey: {
    description: 'Key of the HMAC under which phone and ID numbers are stored. Never rotated: hashes depend on it.',
    arnEnvVar: 'PII_HASH_KEY_SECRET_ARN',
    localValueEnvVar: 'PII_HASH_KEY',
  },
  paymentMerchant: {
    description: 'WeChat Pay merchant credentials (JSON: merchantId, appId, certificateSerial, privateKeyPem, platformPublicKeyPem).',
    arnEnvVar: 'PAYMENT_MERCHANT_SECRET_ARN',
    localValueEnvVar: 'PAYMENT_MERCHANT',
    localValue: 'merchant-keys',
  },
  activityCheckInKey: {
    description: "Key of the HMAC that signs members' activity check-in QR codes. Rotating it voids the codes already shown (members fetch them again).",
    arnEnvVar: 'ACTIVITY_CHECK_IN_KEY_SECRET_ARN',
    localValueEnvVar: 'ACTIVITY_CHECK_IN_KEY',
    localValue: 'random',
  },
  identityProvider: {
    description: 'API key of the real-name verification provider.',
    arnEnvVar: 'IDENTITY_PROVIDER_KEY_SECRET_ARN',
    localValueEnvVar: 'IDENTITY_PROVIDER_KEY',
  },
} satisfies Record<string, SecretDefinition>;

/** Environment variable that carries a table's physical name, e.g. `ACCOUNTS_TABLE_NAME`. */
export const tableEnvVar = (table: string): string => `${constantCase(table)}_TABLE_NAME`;

/** Environment variable that carries a queue's URL, e.g. `PAYOUTS_QUEUE_URL`. */
export const queueEnvVar = (queue: string): string => `${constantCase(queue)}_QUEUE_URL`;

function constantCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/-/g, '_').toUpperCase();
}
