/** Valid resident ID numbers for tests, built with the GB 11643 check character. */
import { checkCharacter } from '../../shared/identity/resident-id';
import { noted } from './personal-numbers';

let sequence = Math.floor(Math.random() * 500);

export function residentId(birth = '19900307', region = '440106'): string {
  sequence = (sequence + 1) % 1000;
  const first17 = `${region}${birth}${String(sequence).padStart(3, '0')}`;
  // Noted for the PII scan, which looks for every one of them in the tables, queues and logs.
  return noted('id-number', first17 + checkCharacter(first17));
}
