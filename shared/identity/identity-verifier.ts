/**
 * The port to a real-name verification provider (name + resident ID number → match or not), and
 * its two adapters: the local one checks the number as GB 11643 defines it and the name's form;
 * the deployed one calls the provider's HTTPS API with credentials from Secrets Manager.
 */
import { isWellFormedName, parseResidentId } from './resident-id';

/** A refusal's reason in English and in Chinese (the caller reads one: shared/http/problem.ts). */
export type Verdict = { verified: true; birthDate: string } | { verified: false; reason: string; zh: string; field: 'body.name' | 'body.idNumber' };

export interface IdentityVerifier {
  verify(name: string, idNumber: string): Promise<Verdict>;
}

const reasons = {
  format: { reason: 'must be 18 characters: 17 digits and a digit or X', zh: '须为 18 位：17 位数字加一位数字或 X' },
  region: { reason: 'does not start with a valid region code', zh: '开头不是有效的行政区划代码' },
  'birth-date': { reason: 'does not contain a valid birth date', zh: '其中的出生日期无效' },
  'check-digit': { reason: 'fails the GB 11643 check digit', zh: '校验码不符合 GB 11643' },
} as const;

export class LocalIdentityVerifier implements IdentityVerifier {
  constructor(private readonly today: () => Date = () => new Date()) {}

  async verify(name: string, idNumber: string): Promise<Verdict> {
    if (!isWellFormedName(name)) return { verified: false, reason: 'is not a name as written on an ID card', zh: '不是身份证上的姓名写法', field: 'body.name' };
    const parsed = parseResidentId(idNumber, this.today());
    if ('problem' in parsed) return { verified: false, ...reasons[parsed.problem], field: 'body.idNumber' };
    return { verified: true, birthDate: parsed.birthDate };
  }
}

/**
 * A provider's HTTPS API (POST {name, idNumber} → {match}), authenticated by an API key read from
 * Secrets Manager. The number is checked locally first so malformed input never leaves the system.
 */
export class HttpsIdentityVerifier implements IdentityVerifier {
  private readonly local = new LocalIdentityVerifier();

  constructor(
    private readonly endpoint: string,
    private readonly apiKey: () => Promise<string>,
    private readonly timeoutMs = 3000,
  ) {}

  async verify(name: string, idNumber: string): Promise<Verdict> {
    const checked = await this.local.verify(name, idNumber);
    if (!checked.verified) return checked;
    const response = await fetch(this.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await this.apiKey()}` },
      body: JSON.stringify({ name, idNumber: idNumber.toUpperCase() }),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    if (!response.ok) throw new Error(`Identity provider answered ${response.status}`);
    const { match } = (await response.json()) as { match?: boolean };
    return match ? checked : { verified: false, reason: 'does not match the name on record for this ID number', zh: '与该身份证号登记的姓名不符', field: 'body.idNumber' };
  }
}
