/**
 * The PaymentProvider over WeChat Pay v3 "batch transfer to wallet" (商家转账到零钱):
 *   POST /v3/transfer/batches                                    submit a batch (out_batch_no is ours)
 *   GET  /v3/transfer/batches/out-batch-no/{no}?need_query_detail=true&detail_status=ALL&offset&limit
 * Every request is signed, every answer verified. The same base URL contract is served locally by
 * local/payment-provider.ts (with faults to switch on); deployed, credentials come from Secrets Manager.
 */
import type { BatchState, BatchSummary, ItemOutcome, PaymentProvider, TransferBatch } from './payment-provider';
import { ProviderUnavailable } from './payment-provider';
import { signRequest, verifyResponse, type MerchantCredentials } from './wechat-pay-signing';

interface WeChatBatchAnswer {
  transfer_batch: {
    out_batch_no: string;
    batch_id: string;
    batch_status: 'ACCEPTED' | 'PROCESSING' | 'FINISHED' | 'CLOSED';
    total_num?: number;
    success_num?: number;
    fail_num?: number;
  };
  transfer_detail_list?: { out_detail_no: string; detail_status: 'INIT' | 'WAIT_PAY' | 'PROCESSING' | 'SUCCESS' | 'FAIL'; fail_reason?: string }[];
}

const GET_ATTEMPTS = 3;

const outcomeOf = (status: string): ItemOutcome => (status === 'SUCCESS' ? 'success' : status === 'FAIL' ? 'fail' : 'processing');

export class WeChatPayProvider implements PaymentProvider {
  constructor(
    private readonly baseUrl: string,
    private readonly credentials: () => Promise<MerchantCredentials>,
    private readonly timeoutMs = 5000,
  ) {}

  private async call(method: 'GET' | 'POST', pathWithQuery: string, body?: unknown): Promise<{ status: number; json: unknown }> {
    const credentials = await this.credentials();
    const text = body === undefined ? '' : JSON.stringify(body);
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${pathWithQuery}`, {
        method,
        headers: {
          authorization: signRequest(credentials, method, pathWithQuery, text),
          accept: 'application/json',
          ...(body !== undefined && { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : text,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      // A timeout or a lost answer: we do not know what happened, so the caller sends the same batch again.
      throw new ProviderUnavailable(`${method} ${pathWithQuery}: ${(error as Error).message}`);
    }
    const answer = await response.text();
    if (response.status >= 500) throw new ProviderUnavailable(`${method} ${pathWithQuery}: ${response.status}`);
    if (answer && !verifyResponse(credentials.platformPublicKeyPem, response.headers, answer)) {
      throw new ProviderUnavailable(`${method} ${pathWithQuery}: the answer's signature does not verify`);
    }
    return { status: response.status, json: answer ? JSON.parse(answer) : undefined };
  }

  /** A read is safe to repeat: a page that timed out or whose answer was lost is asked for again, a few times. */
  private async get(pathWithQuery: string) {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.call('GET', pathWithQuery);
      } catch (error) {
        if (!(error instanceof ProviderUnavailable) || attempt >= GET_ATTEMPTS) throw error;
      }
    }
  }

  async submit(batch: TransferBatch) {
    const credentials = await this.credentials();
    const { status, json } = await this.call('POST', '/v3/transfer/batches', {
      appid: credentials.appId,
      out_batch_no: batch.batchNo,
      batch_name: batch.name,
      batch_remark: batch.name,
      total_amount: batch.items.reduce((sum, item) => sum + item.amountFen, 0),
      total_num: batch.items.length,
      transfer_detail_list: batch.items.map((item) => ({
        out_detail_no: item.itemNo,
        transfer_amount: item.amountFen,
        transfer_remark: item.remark,
        openid: item.recipient,
      })),
    });
    if (status !== 200) throw new Error(`The provider refused batch ${batch.batchNo}: ${status} ${JSON.stringify(json)}`);
    const answer = json as { out_batch_no: string; batch_id: string };
    return { batchNo: answer.out_batch_no, providerBatchId: answer.batch_id };
  }

  async summary(batchNo: string): Promise<BatchSummary | undefined> {
    const { status: code, json } = await this.get(`/v3/transfer/batches/out-batch-no/${encodeURIComponent(batchNo)}?need_query_detail=false`);
    if (code === 404) return undefined;
    if (code !== 200) throw new Error(`The provider refused the query of ${batchNo}: ${code}`);
    const batch = (json as WeChatBatchAnswer).transfer_batch;
    return {
      batchNo,
      status: batch.batch_status.toLowerCase() as BatchSummary['status'],
      total: batch.total_num ?? 0,
      succeeded: batch.success_num ?? 0,
      failed: batch.fail_num ?? 0,
    };
  }

  async query(batchNo: string): Promise<BatchState | undefined> {
    const items: BatchState['items'] = [];
    let status: BatchState['status'] = 'accepted';
    for (let offset = 0; ; offset += 100) {
      const { status: code, json } = await this.get(
        `/v3/transfer/batches/out-batch-no/${encodeURIComponent(batchNo)}?need_query_detail=true&detail_status=ALL&offset=${offset}&limit=100`,
      );
      if (code === 404) return undefined;
      if (code !== 200) throw new Error(`The provider refused the query of ${batchNo}: ${code}`);
      const answer = json as WeChatBatchAnswer;
      status = answer.transfer_batch.batch_status.toLowerCase() as BatchState['status'];
      const page = answer.transfer_detail_list ?? [];
      items.push(...page.map((d) => ({ itemNo: d.out_detail_no, outcome: outcomeOf(d.detail_status), failReason: d.fail_reason })));
      if (page.length < 100) break;
    }
    return { batchNo, status, items };
  }
}
