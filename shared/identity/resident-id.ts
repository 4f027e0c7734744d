/**
 * Mainland resident identity numbers as GB 11643-1999 defines them: 6-digit region code,
 * 8-digit birth date, 3-digit sequence (odd for men), and an ISO 7064 MOD 11-2 check character.
 */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARACTERS = '10X98765432';
/** First two digits: the provinces, autonomous regions and municipalities (GB/T 2260), plus HK, Macao, Taiwan. */
const PROVINCE_CODES = new Set([
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83,
]);

export interface ResidentId {
  number: string;
  regionCode: string;
  birthDate: string;
  sex: 'male' | 'female';
}

export type ResidentIdProblem = 'format' | 'region' | 'birth-date' | 'check-digit';

export function checkCharacter(first17: string): string {
  const sum = [...first17].reduce((total, digit, i) => total + Number(digit) * WEIGHTS[i]!, 0);
  return CHECK_CHARACTERS[sum % 11]!;
}

export function parseResidentId(input: string, today: Date = new Date()): ResidentId | { problem: ResidentIdProblem } {
  const number = input.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(number)) return { problem: 'format' };
  if (!PROVINCE_CODES.has(Number(number.slice(0, 2)))) return { problem: 'region' };
  const [year, month, day] = [number.slice(6, 10), number.slice(10, 12), number.slice(12, 14)].map(Number) as [number, number, number];
  const birth = new Date(Date.UTC(year, month - 1, day));
  const valid = birth.getUTCFullYear() === year && birth.getUTCMonth() === month - 1 && birth.getUTCDate() === day;
  if (!valid || year < 1900 || birth.getTime() > today.getTime()) return { problem: 'birth-date' };
  if (checkCharacter(number.slice(0, 17)) !== number[17]) return { problem: 'check-digit' };
  return {
    number,
    regionCode: number.slice(0, 6),
    birthDate: `${number.slice(6, 10)}-${number.slice(10, 12)}-${number.slice(12, 14)}`,
    sex: Number(number[16]) % 2 === 1 ? 'male' : 'female',
  };
}

/** Chinese names (with the middle dot of minority names) or Latin names, as on an ID card. */
export const isWellFormedName = (name: string) =>
  /^[\p{Script=Han}·•]{2,20}$/u.test(name) || /^[A-Za-z][A-Za-z .'-]{1,58}[A-Za-z]$/.test(name);
