/**
 * Redaction for anything that leaves the process as text (logs, metrics metadata). Mainland
 * resident ID numbers and mobile numbers are masked wherever they appear, by field name or by
 * shape, so a careless `logger.info({ body })` cannot leak them.
 */

const SENSITIVE_KEY = /^(id(card)?(number|no)?|idcard|identity(number|no)?|phone(number)?|mobile(number)?|tel)$/i;
// 18-character resident ID (GB 11643) and 11-digit mainland mobile numbers, standing alone.
const ID_NUMBER = /(?<![0-9A-Za-z])\d{6}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])\d{2}\d{3}[\dXx](?![0-9A-Za-z])/g;
const MOBILE_NUMBER = /(?<!\d)(?:\+?86[- ]?)?1[3-9]\d{9}(?!\d)/g;

export const maskIdNumber = (id: string): string => `${id.slice(0, 4)}${'*'.repeat(id.length - 8)}${id.slice(-4)}`;

export const maskPhone = (phone: string): string => {
  const digits = phone.replace(/\D/g, '').slice(-11);
  return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
};

/** Masks every ID and mobile number found in free text. */
export function redactText(text: string): string {
  return text.replace(ID_NUMBER, (m) => maskIdNumber(m)).replace(MOBILE_NUMBER, (m) => maskPhone(m));
}

/** A JSON.stringify replacer: masks sensitive fields by name and sensitive shapes in any string. */
export function redactingReplacer(key: string, value: unknown): unknown {
  if (typeof value === 'string') {
    if (SENSITIVE_KEY.test(key)) return value.length <= 4 ? '****' : `${value.slice(0, 3)}****${value.slice(-2)}`;
    return redactText(value);
  }
  if (typeof value === 'bigint') return value.toString();
  return value;
}
