/** The Idempotency-Key header's format, and the port stored replays implement. */
import type { Context } from 'aws-lambda';
import { ValidationFailed } from '../errors';

export interface IdempotentCall {
  caller: string;
  route: string;
  key: string;
  /** What the key is bound to: path parameters and body. */
  request: unknown;
}

export interface Replays {
  /** Runs `work` at most once per (caller, route, key); a replay returns the first reply. */
  run(call: IdempotentCall, context: Context, work: () => Promise<unknown>): Promise<unknown>;
}

const KEY_FORMAT = /^[A-Za-z0-9_.:-]{8,128}$/;

export function checkIdempotencyKey(key: string | undefined): string | undefined {
  if (key === undefined) return undefined;
  if (!KEY_FORMAT.test(key)) {
    throw new ValidationFailed([{ field: 'headers.idempotency-key', message: 'must be 8 to 128 letters, digits or _ . : -', zh: '须为 8 至 128 个字母、数字或 _ . : -' }]);
  }
  return key;
}
