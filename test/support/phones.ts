/** A mainland mobile number no other test has used: one number belongs to one account. */
import { randomInt } from 'node:crypto';

export const uniquePhone = (): string => `1${randomInt(3, 10)}${String(randomInt(0, 1_000_000_000)).padStart(9, '0')}`;
