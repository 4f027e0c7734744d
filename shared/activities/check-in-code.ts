/**
 * The check-in QR code: which member, which activity, signed with HMAC-SHA256 under the
 * `activityCheckInKey` secret. Nothing in it can be guessed or altered without the key: another
 * member's id or another activity's makes the signature fail. The same member and activity
 * always give the same code, so showing it twice shows one code; it checks in once.
 *   <payload: base64url of {"a":activityId,"u":userId,"v":1}>.<signature: base64url>
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface CheckInSubject {
  activityId: string;
  userId: string;
}

const signature = (key: string, payload: string) => createHmac('sha256', key).update(`activity-check-in:${payload}`).digest();

export function signCheckInCode(key: string, subject: CheckInSubject): string {
  const payload = Buffer.from(JSON.stringify({ a: subject.activityId, u: subject.userId, v: 1 })).toString('base64url');
  return `${payload}.${signature(key, payload).toString('base64url')}`;
}

/** The member and activity a code names, or undefined for anything we did not sign. */
export function readCheckInCode(key: string, code: string): CheckInSubject | undefined {
  const [payload, signed, ...rest] = code.split('.');
  if (!payload || !signed || rest.length > 0) return undefined;
  const expected = signature(key, payload);
  const given = Buffer.from(signed, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  try {
    const body = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { a?: unknown; u?: unknown; v?: unknown };
    if (body.v !== 1 || typeof body.a !== 'string' || typeof body.u !== 'string') return undefined;
    return { activityId: body.a, userId: body.u };
  } catch {
    return undefined;
  }
}

/** The port the use cases sign and read codes through (the key is loaded by the adapter). */
export interface CheckInCodes {
  sign(subject: CheckInSubject): Promise<string>;
  read(code: string): Promise<CheckInSubject | undefined>;
}

export const checkInCodesWith = (key: () => Promise<string>): CheckInCodes => ({
  sign: async (subject) => signCheckInCode(await key(), subject),
  read: async (code) => readCheckInCode(await key(), code),
});
