/**
 * Real-name verification of a member.
 *
 * Primary course:
 *  1. The caller must be a registered member not yet verified.
 *  2. The provider checks name and ID number (locally: GB 11643 and the name's form).
 *  3. The ID number is kept only as a keyed hash and a masked form; claiming it and marking the
 *     member verified is one conditional transaction (one ID number, one member).
 */
import type { Account } from '../accounts/account';
import { memberView } from '../accounts/account';
import { NotRegistered } from '../members/errors';
import type { HashPii } from '../privacy/pii';
import { maskIdNumber } from '../privacy/redact';
import { AlreadyVerified, IdentityNotVerified, VerificationUnavailable } from './errors';
import type { IdentityStore } from './identity-store-dynamodb';
import type { IdentityVerifier } from './identity-verifier';

export async function verifyIdentity(
  deps: { verifier: IdentityVerifier; identities: IdentityStore; hashPii: HashPii },
  caller: Account,
  input: { name: string; idNumber: string },
  now: Date = new Date(),
) {
  const member = caller.member;
  if (!member) throw new NotRegistered();
  if (member.verified) throw new AlreadyVerified();
  const idNumber = input.idNumber.trim().toUpperCase();
  const verdict = await deps.verifier.verify(input.name, idNumber).catch(() => {
    throw new VerificationUnavailable();
  });
  if (!verdict.verified) throw new IdentityNotVerified(verdict.field, verdict.reason, verdict.zh);
  const identity = {
    userId: caller.userId,
    name: input.name,
    idNumberHash: await deps.hashPii('id-number', idNumber),
    idNumberMasked: maskIdNumber(idNumber),
    birthday: verdict.birthDate,
    verifiedAt: now.toISOString(),
  };
  await deps.identities.claim(identity);
  return memberView({ ...member, ...identity, verified: true });
}
