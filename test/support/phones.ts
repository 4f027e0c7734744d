/** A mainland mobile number no other test has used: one number belongs to one account. */
import { randomInt } from 'node:crypto';
import { noted } from './personal-numbers';

// Noted for the PII scan, which looks for every one of them in the tables, queues and logs.
export const uniquePhone = (): string => noted('phone', `1${randomInt(3, 10)}${String(randomInt(0, 1_000_000_000)).padStart(9, '0')}`);
