/**
 * The whole system on one machine: DynamoDB Local and fauxqs with the system's tables and
 * queues, every function in its own worker, the HTTP gateway with the local identity provider,
 * the schedules on the local clock and the queue pollers. `npm start` and the end-to-end tests
 * both start it through `startRuntime`.
 *
 * Unless in memory, everything the system holds lives in the data folder (see data-dir.ts) and
 * survives a restart: tables, queued and in-flight messages, uploaded objects, and what the local
 * payment provider was sent. One runtime uses a data folder at a time. Its schedule control
 * endpoint (`npm run schedule`) is recorded there too, in runtime-control.json.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { system as defaultSystem } from '../shared/manifest';
import type { FunctionSpec, System } from '../shared/system';
import { environmentOf } from '../shared/wiring';
import { ensureTables } from './create-tables';
import { functionAccessKey, localCredentials, localRegion, startDynamoDbLocal } from './dynamodb-local';
import { startDynamoAccessFront } from './dynamodb-access';
import { FunctionHost } from './function-host';
import { startGateway } from './http-gateway';
import { dataPaths, lockDataDir, removeState } from './data-dir';
import { ensurePortFree } from './processes';
import { rsaKeyPair, startLocalPaymentProvider, type LocalPaymentProvider } from './payment-provider';
import { startLocalBeacon, type LocalBeacon } from './beacon';
import { LocalIdentityProvider } from './local-idp';
import { localOAuth } from './oauth';
import { consoleHost } from './console-host';
import { startQueuePollers, type QueueFaultKind, type QueueFaults } from './queue-poller';
import { FAULTS_VARIABLE, type FaultPlan } from '../shared/aws/faults';
import { startStreamPollers, type StreamPollers } from './stream-poller';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { startScheduleControl, startScheduler, type LocalScheduler } from './scheduler';
import { localBucketName, startSqsLocal, type SqsLocal } from './sqs-local';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface RuntimeOptions {
  /** Port of the HTTP API (default 3000). */
  port?: number;
  /** Where the tables, queues, objects, the local signing key and local secrets live (default .data). */
  dataDir?: string;
  /** Keep tables, queues, objects and the payment provider's ledger in memory instead (tests). */
  inMemory?: boolean;
  /** Start clean: remove the data folder's tables, queues, objects and provider ledger first (keeps keys and secrets). */
  fresh?: boolean;
  /**
   * false: no schedule fires and no queue is polled (as with disabled schedules and event source
   * mappings); functions run only through the gateway or `functions.invoke`, and queued work stays
   * queued. Default true.
   */
  triggers?: boolean;
  dynamodbPort?: number;
  sqsPort?: number;
  system?: System;
  /** Seed the demo on first start (default true). */
  seedDemo?: boolean;
  logLevel?: string;
  log?: (line: string) => void;
  /** Where the functions' own output (their JSON logs) goes; default this process's stdout. */
  functionOutput?: NodeJS.WritableStream;
  /** The most a merchant account may pay out a day locally, in fen (default 10,000,000 CNY). */
  payoutDailyBudgetFen?: number;
  /** Batches in flight per queue (Lambda's event source mapping scales; locally a few). */
  queueConcurrency?: number;
  /** Containers per function whose manifest entry names no `concurrency` (default 4; see local/function-host.ts). */
  defaultConcurrency?: number;
  /** The built console served at /console/ (default console/dist). */
  consoleDir?: string;
  /** Faults from the start (see RuntimeFaults; `setFaults` changes them later). */
  faults?: RuntimeFaults;
}

/**
 * Faults for the fault tests: `dynamodb` and `sqs` shares reach every function as FAULTS (its
 * SDK clients throttle, time out or fail that share of calls: shared/aws/faults.ts), `queues` the
 * queue pollers (redeliver, duplicate, delay: local/queue-poller.ts). Local only: infra never
 * sets FAULTS.
 */
export type RuntimeFaults = FaultPlan & { queues?: QueueFaults };

export interface Runtime {
  url: string;
  dynamodbEndpoint: string;
  sqsEndpoint: string;
  dynamodb: DynamoDBClient;
  sqs: SqsLocal;
  functions: FunctionHost;
  scheduler: LocalScheduler;
  idp: LocalIdentityProvider;
  payments?: LocalPaymentProvider;
  /** The local randomness beacon (drand's contract, its own key); its clock moves forward with `POST /clock` on the control endpoint. */
  beacon: LocalBeacon;
  /** The DynamoDB streams' pollers (absent when triggers are off): drain them, or redeliver their last batches. */
  streams?: StreamPollers;
  /** Delivery faults the queue pollers injected so far (all 0 without `faults.queues` or triggers). */
  queueFaultsInjected(): Record<QueueFaultKind, number>;
  /** The answers each HTTP route's function gave through the gateway so far, by status (a crash or a throttle is not one). */
  routeAnswers(): Record<string, Record<number, number>>;
  /**
   * Switches faults on (or off, with undefined) from now on: the function containers are
   * recycled, so the next invocations cold-start with the new FAULTS. Call it while idle: an
   * invocation in flight is cut short as by a crash.
   */
  setFaults(faults: RuntimeFaults | undefined): Promise<void>;
  tableName(table: string): string;
  stop(): Promise<void>;
}

/** A merchant's API key pair and the provider's platform key pair, as the local provider needs them. */
function merchantKeys(): string {
  const [merchant, platform] = [rsaKeyPair(), rsaKeyPair()];
  return JSON.stringify({
    merchantId: '1900000001',
    appId: 'wx-union-benefits-local',
    certificateSerial: 'LOCAL-MERCHANT-CERT',
    privateKeyPem: merchant.privateKeyPem,
    platformPublicKeyPem: platform.publicKeyPem,
    // The local provider's side of the keys; the functions never use these two.
    merchantPublicKeyPem: merchant.publicKeyPem,
    platformPrivateKeyPem: platform.privateKeyPem,
  });
}

/** Secrets that AWS would keep in Secrets Manager, generated once per data directory. */
function localSecrets(dataDir: string, system: System): Record<string, string> {
  const file = path.join(dataDir, 'local-secrets.json');
  const stored: Record<string, string> = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  let changed = false;
  for (const [name, definition] of Object.entries(system.secrets)) {
    if (!stored[name]) {
      stored[name] = definition.localValue === 'merchant-keys' ? merchantKeys() : randomBytes(32).toString('hex');
      changed = true;
    }
  }
  if (changed) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, JSON.stringify(stored, null, 2), { mode: 0o600 });
  }
  return stored;
}

export async function startRuntime(options: RuntimeOptions = {}): Promise<Runtime> {
  const system: System = options.system ?? defaultSystem;
  const dataDir = path.resolve(options.dataDir ?? path.join(projectRoot, '.data'));
  const log = options.log ?? ((line: string) => console.log(line));
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const step of stops.reverse()) await step().catch((error: Error) => log(`while stopping: ${error.message}`));
    stops.length = 0;
  };
  /** A part of the runtime, stopped with it (parts stop in the reverse order they started). */
  const started = <T extends { stop: () => Promise<void> }>(part: T): T => {
    stops.push(part.stop);
    return part;
  };

  try {
    const stored = options.inMemory ? undefined : dataPaths(dataDir);
    // The data folder is this runtime's alone (released last, after everything using it stopped).
    const lock = stored ? await lockDataDir(dataDir, log) : undefined;
    if (lock) stops.push(async () => lock.release());
    // Fail fast, before Java starts (and before --fresh removes anything), when the API's port is taken.
    if (options.port !== 0) await ensurePortFree(options.port ?? 3000, 'the local API', 'PORT');
    if (stored && options.fresh && removeState(dataDir)) {
      log(`Starting clean: removed the tables, queues, objects and payment ledger in ${dataDir}.`);
    }
    const dynamo = started(await startDynamoDbLocal({ port: options.dynamodbPort, dataDir: stored?.dynamodb }));
    lock?.setDynamodbPid(dynamo.pid);
    const tableName = (table: string) => table;
    await ensureTables(dynamo.client, system.tables, tableName);
    // Functions reach DynamoDB through a front that grants each what its manifest entry declares.
    const access = started(await startDynamoAccessFront(system, dynamo.endpoint, tableName));

    const sqs = started(await startSqsLocal(system.queues, { port: options.sqsPort, buckets: Object.keys(system.buckets ?? {}), dataDir: stored?.fauxqs }));

    const secrets = localSecrets(dataDir, system);
    // The wallet payment provider, with WeChat Pay v3's contract (faults can be switched on); it
    // remembers what it was sent across restarts, as a real provider would.
    let payments: LocalPaymentProvider | undefined;
    if (secrets.paymentMerchant) {
      const keys = JSON.parse(secrets.paymentMerchant) as { merchantPublicKeyPem: string; platformPrivateKeyPem: string };
      payments = started(
        await startLocalPaymentProvider({
          merchantPublicKeyPem: keys.merchantPublicKeyPem,
          platformPrivateKeyPem: keys.platformPrivateKeyPem,
          ledgerFile: stored?.paymentLedger,
        }),
      );
    }
    // The public randomness beacon, as drand quicknet is deployed (its own key, the same checks).
    const beacon = started(await startLocalBeacon({ dataDir }));
    for (const [name, definition] of Object.entries(system.secrets)) {
      // The runtime's own code (the demo seed) hashes with the same key the functions use.
      process.env[definition.localValueEnvVar] ??= secrets[name];
    }

    // The SDK clients' faults, as the fault layer reads them at a container's cold start (never set by infra).
    let faults = options.faults;
    const faultsVariable = (): Record<string, string> => {
      const { queues: _queues, ...sdkFaults } = faults ?? {};
      return sdkFaults.dynamodb || sdkFaults.sqs ? { [FAULTS_VARIABLE]: JSON.stringify(sdkFaults) } : {};
    };
    const functionEnvironment = (name: string, spec: FunctionSpec) => ({
      ...environmentOf(
        spec,
        system,
        {
          tableName,
          queueUrl: (queue) => sqs.queueUrls[queue]!,
          bucketName: localBucketName,
          secret: (name) => [system.secrets[name]!.localValueEnvVar, secrets[name]!],
        },
        {
          stage: 'local',
          logLevel: options.logLevel ?? process.env.LOG_LEVEL ?? 'INFO',
          corsOrigins: '*',
          settings: {
            paymentProviderUrl: payments?.url,
            payoutDailyBudgetFen: process.env.PAYOUT_DAILY_BUDGET_FEN ?? String(options.payoutDailyBudgetFen ?? 1_000_000_000),
            beaconUrl: beacon.url,
            beaconChainHash: beacon.chain.chainHash,
            beaconPublicKey: beacon.chain.publicKey,
            beaconGenesisTime: String(beacon.chain.genesisTime),
            beaconPeriodSeconds: String(beacon.chain.periodSeconds),
          },
        },
      ),
      AWS_REGION: localRegion,
      AWS_ACCESS_KEY_ID: functionAccessKey(name),
      AWS_SECRET_ACCESS_KEY: localCredentials.secretAccessKey,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      DYNAMODB_ENDPOINT: access.endpoint,
      SQS_ENDPOINT: sqs.endpoint,
      S3_ENDPOINT: sqs.endpoint,
      TZ: 'UTC',
      ...faultsVariable(),
    });
    const functions = await FunctionHost.start({
      system,
      projectRoot,
      buildDir: path.join(projectRoot, '.local', 'build', String(process.pid)),
      environmentOf: functionEnvironment,
      output: options.functionOutput,
      defaultConcurrency: options.defaultConcurrency,
    });
    stops.push(() => functions.stop());

    if (options.seedDemo ?? true) {
      const documents = DynamoDBDocumentClient.from(dynamo.client, { marshallOptions: { removeUndefinedValues: true } });
      const { seedDemo } = await import('./demo');
      if (await seedDemo(documents, { accounts: tableName('accounts'), organisations: tableName('organisations'), coupons: tableName('coupons'), subsidies: tableName('subsidies'), news: tableName('news') })) {
        log('Seeded the demo: a province, two cities, unions and a user of every role.');
      }
    }

    const idp = await LocalIdentityProvider.open(dataDir);
    const routeAnswers: Record<string, Record<number, number>> = {};
    // The same port serves Cognito's hosted-UI endpoints and the admin console, as CloudFront and
    // the Cognito domain do deployed.
    const oauth = localOAuth(idp);
    const console_ = consoleHost(options.consoleDir ?? path.join(projectRoot, 'console', 'dist'));
    const gateway = started(
      await startGateway({
        serveOther: async (req, res, url, body) => (await oauth.handle(req, res, url, body)) || console_.handle(req, res, url),
        system,
        port: options.port ?? 3000,
        idp,
        corsOrigins: ['*'],
        invoke: async (name, event) => {
          const answer = await functions.invoke(name, event);
          const status = (answer as { statusCode?: number } | null)?.statusCode ?? 200;
          const byStatus = (routeAnswers[name] ??= {});
          byStatus[status] = (byStatus[status] ?? 0) + 1;
          return answer;
        },
        log,
      }),
    );

    const triggers = options.triggers ?? true;
    // The streams' event source mappings (the dashboard's aggregator); started before the control
    // endpoint so it can drain them, stopped after it.
    const streams = triggers
      ? started(
          startStreamPollers({
            system,
            dynamodb: dynamo.client,
            endpoint: dynamo.endpoint,
            region: localRegion,
            credentials: localCredentials,
            tableName,
            invoke: (name, event) => functions.invoke(name, event),
            sendFailure: async (queue, body) => {
              await sqs.client.send(new SendMessageCommand({ QueueUrl: sqs.queueUrls[queue]!, MessageBody: body }));
            },
            log,
          }),
        )
      : undefined;

    // `npm run schedule -- <name>` runs a schedule now on this runtime (its endpoint is in the data folder).
    started(await startScheduleControl({ system, invoke: (name, event) => functions.invoke(name, event), dataDir, apiUrl: gateway.url, sqsEndpoint: sqs.endpoint, log, clock: beacon, streams, payments }));

    const scheduler: LocalScheduler = started(
      triggers ? startScheduler(system, (name, event) => functions.invoke(name, event), log) : { upcoming: () => ({}), stop: async () => {} },
    );
    const pollers = triggers
      ? started(
          startQueuePollers({
            system,
            sqs: sqs.client,
            queueUrls: sqs.queueUrls,
            invoke: (name, event) => functions.invoke(name, event),
            log,
            concurrency: options.queueConcurrency,
            faults: faults?.queues,
          }),
        )
      : undefined;

    return {
      url: gateway.url,
      dynamodbEndpoint: dynamo.endpoint,
      sqsEndpoint: sqs.endpoint,
      dynamodb: dynamo.client,
      sqs,
      functions,
      scheduler,
      idp,
      payments,
      beacon,
      streams,
      routeAnswers: () => structuredClone(routeAnswers),
      queueFaultsInjected: () => pollers?.injected() ?? { redeliver: 0, duplicate: 0, delay: 0 },
      setFaults: async (next) => {
        faults = next;
        pollers?.setFaults(next?.queues);
        for (const name of functions.names) await functions.kill(name);
      },
      tableName,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
