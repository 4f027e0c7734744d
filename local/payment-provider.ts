/**
 * A local wallet payment provider with WeChat Pay v3's batch transfer contract (see
 * shared/payouts/wechat-pay-provider.ts): it checks request signatures, signs its answers, treats
 * a repeated out_batch_no as the same batch, settles items after a moment, and can be told to
 * misbehave: latency, timeouts, 5xx, answers lost after the work was done, and a share of items
 * failing. It keeps what it paid, so a test or benchmark can count who was paid twice.
 *
 * Given a ledger file, it keeps what it was sent there (one JSON line per batch taken and per item
 * settled) and reads it back when started again, as a real provider remembers across our
 * restarts: a batch it paid before a restart is the same batch after it, not a second payment.
 */
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { signResponse, verifyRequest } from '../shared/payouts/wechat-pay-signing';

export interface ProviderFaults {
  latencyMs: number;
  /** Share of requests never answered (the client times out). */
  timeoutRate: number;
  /** Share of requests answered 500 without doing anything. */
  serverErrorRate: number;
  /** Share of submissions done but whose answer is lost (the connection drops). */
  lostResponseRate: number;
  /** Share of items that end FAIL instead of SUCCESS. */
  itemFailureRate: number;
  /** How long an item stays PROCESSING. */
  settleMs: number;
}

/** A fresh RSA key pair in PEM, as a merchant's API key and the provider's platform key are. */
export function rsaKeyPair(): { privateKeyPem: string; publicKeyPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}

export const noFaults: ProviderFaults = { latencyMs: 0, timeoutRate: 0, serverErrorRate: 0, lostResponseRate: 0, itemFailureRate: 0, settleMs: 50 };

interface Detail {
  out_detail_no: string;
  transfer_amount: number;
  openid: string;
  detail_status: 'PROCESSING' | 'SUCCESS' | 'FAIL';
  fail_reason?: string;
}

interface Batch {
  out_batch_no: string;
  batch_id: string;
  fingerprint: string;
  details: Detail[];
}

export interface LocalPaymentProvider {
  url: string;
  setFaults(faults: Partial<ProviderFaults>): void;
  /** The next item settled for `recipient` ends FAIL with `reason` (a test's frozen wallet, without touching anyone else's items). */
  failNext(recipient: string, reason?: string): void;
  /** Amount paid (SUCCESS) per recipient and per detail number, as the provider's own ledger. */
  ledger(): {
    paidFenByRecipient: Map<string, number>;
    successfulDetails: number;
    batches: number;
    /** The provider's own id of each batch it took, by out_batch_no: a batch taken again would get a new one. */
    batchIds: Map<string, string>;
  };
  stop(): Promise<void>;
}

export async function startLocalPaymentProvider(options: {
  port?: number;
  merchantPublicKeyPem: string;
  platformPrivateKeyPem: string;
  faults?: Partial<ProviderFaults>;
  /** Where the ledger is kept across restarts (JSON lines); in memory only when absent. */
  ledgerFile?: string;
}): Promise<LocalPaymentProvider> {
  let faults: ProviderFaults = { ...noFaults, ...options.faults };
  const batches = new Map<string, Batch>();
  const timers = new Set<NodeJS.Timeout>();
  const failNext = new Map<string, string>();

  type LedgerLine = { batch: Batch } | { settled: { out_batch_no: string; out_detail_no: string; detail_status: 'SUCCESS' | 'FAIL'; fail_reason?: string } };
  const record = (line: LedgerLine) => {
    if (options.ledgerFile) appendFileSync(options.ledgerFile, `${JSON.stringify(line)}\n`);
  };

  const reply = (res: ServerResponse, status: number, body: unknown) => {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', ...signResponse(options.platformPrivateKeyPem, text) }).end(text);
  };

  const settle = (batch: Batch, detail: Detail) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      const told = failNext.get(detail.openid);
      if (told !== undefined) failNext.delete(detail.openid);
      if (told !== undefined || Math.random() < faults.itemFailureRate) {
        detail.detail_status = 'FAIL';
        detail.fail_reason = told ?? 'ACCOUNT_FROZEN';
      } else {
        detail.detail_status = 'SUCCESS';
      }
      record({ settled: { out_batch_no: batch.out_batch_no, out_detail_no: detail.out_detail_no, detail_status: detail.detail_status, fail_reason: detail.fail_reason } });
    }, faults.settleMs);
    timers.add(timer);
  };

  // What it was sent before a restart; what was still processing then settles now.
  if (options.ledgerFile && existsSync(options.ledgerFile)) {
    const text = readFileSync(options.ledgerFile, 'utf8');
    // A line cut short by a kill is skipped, and what is recorded next starts on a line of its own.
    if (text && !text.endsWith('\n')) appendFileSync(options.ledgerFile, '\n');
    for (const lineText of text.split('\n')) {
      let line: LedgerLine;
      try {
        line = JSON.parse(lineText) as LedgerLine;
      } catch {
        continue;
      }
      if (!line || typeof line !== 'object') continue;
      if ('batch' in line) {
        if (Array.isArray(line.batch?.details)) batches.set(line.batch.out_batch_no, line.batch);
      } else if (line.settled) {
        const detail = batches.get(line.settled.out_batch_no)?.details.find((d) => d.out_detail_no === line.settled.out_detail_no);
        if (detail) Object.assign(detail, { detail_status: line.settled.detail_status, fail_reason: line.settled.fail_reason });
      }
    }
    for (const batch of batches.values()) for (const detail of batch.details) if (detail.detail_status === 'PROCESSING') settle(batch, detail);
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const path = req.url ?? '/';
    if (faults.latencyMs) await new Promise((resolve) => setTimeout(resolve, faults.latencyMs));
    if (Math.random() < faults.timeoutRate) return; // never answered; the socket is dropped at stop
    if (Math.random() < faults.serverErrorRate) return reply(res, 500, { code: 'SYSTEM_ERROR', message: 'injected fault' });
    if (!verifyRequest(options.merchantPublicKeyPem, String(req.headers.authorization ?? ''), req.method ?? '', path, body)) {
      return reply(res, 401, { code: 'SIGN_ERROR', message: 'signature does not verify' });
    }

    if (req.method === 'POST' && path === '/v3/transfer/batches') {
      const request = JSON.parse(body) as { out_batch_no: string; total_amount: number; total_num: number; transfer_detail_list: Omit<Detail, 'detail_status'>[] };
      const fingerprint = JSON.stringify(request.transfer_detail_list.map((d) => [d.out_detail_no, d.transfer_amount, d.openid]));
      const sum = request.transfer_detail_list.reduce((total, d) => total + d.transfer_amount, 0);
      if (request.total_num !== request.transfer_detail_list.length || request.total_amount !== sum || request.total_num < 1 || request.total_num > 1000) {
        return reply(res, 400, { code: 'PARAM_ERROR', message: 'totals do not match the details, or 1..1000 items' });
      }
      let batch = batches.get(request.out_batch_no);
      if (batch && batch.fingerprint !== fingerprint) return reply(res, 400, { code: 'PARAM_ERROR', message: 'out_batch_no reused with other details' });
      if (!batch) {
        // A detail number is paid once, across every batch.
        const seen = new Set([...batches.values()].flatMap((b) => b.details.map((d) => d.out_detail_no)));
        if (request.transfer_detail_list.some((d) => seen.has(d.out_detail_no))) {
          return reply(res, 400, { code: 'PARAM_ERROR', message: 'out_detail_no already used' });
        }
        batch = {
          out_batch_no: request.out_batch_no,
          batch_id: randomUUID().replace(/-/g, ''),
          fingerprint,
          details: request.transfer_detail_list.map((d) => ({ ...d, detail_status: 'PROCESSING' as const })),
        };
        batches.set(batch.out_batch_no, batch);
        record({ batch });
        for (const detail of batch.details) settle(batch, detail);
      }
      if (Math.random() < faults.lostResponseRate) {
        res.socket?.destroy(); // done, but the caller never hears it
        return;
      }
      return reply(res, 200, { out_batch_no: batch.out_batch_no, batch_id: batch.batch_id, create_time: new Date().toISOString() });
    }

    const query = /^\/v3\/transfer\/batches\/out-batch-no\/([^?]+)\?(.*)$/.exec(path);
    if (req.method === 'GET' && query) {
      const batch = batches.get(decodeURIComponent(query[1]!));
      if (!batch) return reply(res, 404, { code: 'NOT_FOUND', message: 'no such batch' });
      const params = new URLSearchParams(query[2]);
      const offset = Number(params.get('offset') ?? 0);
      const limit = Number(params.get('limit') ?? 20);
      const finished = batch.details.every((d) => d.detail_status !== 'PROCESSING');
      const succeeded = batch.details.filter((d) => d.detail_status === 'SUCCESS');
      const failed = batch.details.filter((d) => d.detail_status === 'FAIL');
      const sum = (details: Detail[]) => details.reduce((total, d) => total + d.transfer_amount, 0);
      return reply(res, 200, {
        transfer_batch: {
          out_batch_no: batch.out_batch_no,
          batch_id: batch.batch_id,
          batch_status: finished ? 'FINISHED' : 'PROCESSING',
          total_num: batch.details.length,
          total_amount: sum(batch.details),
          success_num: succeeded.length,
          success_amount: sum(succeeded),
          fail_num: failed.length,
          fail_amount: sum(failed),
        },
        // As WeChat Pay: the details only when asked for (need_query_detail=true).
        ...(params.get('need_query_detail') === 'true' && {
          transfer_detail_list: batch.details.slice(offset, offset + limit).map(({ out_detail_no, detail_status, fail_reason }) => ({ out_detail_no, detail_status, fail_reason })),
        }),
      });
    }
    return reply(res, 404, { code: 'NOT_FOUND', message: 'no such API' });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    setFaults: (changes) => {
      faults = { ...faults, ...changes };
    },
    failNext: (recipient, reason = 'ACCOUNT_FROZEN') => {
      failNext.set(recipient, reason);
    },
    ledger: () => {
      const paidFenByRecipient = new Map<string, number>();
      let successfulDetails = 0;
      for (const batch of batches.values()) {
        for (const detail of batch.details) {
          if (detail.detail_status !== 'SUCCESS') continue;
          successfulDetails++;
          paidFenByRecipient.set(detail.openid, (paidFenByRecipient.get(detail.openid) ?? 0) + detail.transfer_amount);
        }
      }
      return {
        paidFenByRecipient,
        successfulDetails,
        batches: batches.size,
        batchIds: new Map([...batches.values()].map((batch) => [batch.out_batch_no, batch.batch_id])),
      };
    },
    stop: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
