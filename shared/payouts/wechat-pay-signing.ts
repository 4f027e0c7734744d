/**
 * WeChat Pay API v3 request signing and response verification (SHA256-RSA2048): the request's
 * "method\nurl\ntimestamp\nnonce\nbody\n" signed with the merchant's private key into the
 * Authorization header; the response's "timestamp\nnonce\nbody\n" checked against the platform's
 * public key from the Wechatpay-* headers.
 */
import { createSign, createVerify, randomBytes } from 'node:crypto';

export interface MerchantCredentials {
  merchantId: string;
  appId: string;
  /** Serial number of the merchant's API certificate. */
  certificateSerial: string;
  /** PEM private key of the merchant's API certificate. */
  privateKeyPem: string;
  /** PEM public key of the WeChat Pay platform certificate, for verifying answers. */
  platformPublicKeyPem: string;
}

export function signRequest(
  credentials: Pick<MerchantCredentials, 'merchantId' | 'certificateSerial' | 'privateKeyPem'>,
  method: string,
  pathWithQuery: string,
  body: string,
  timestamp = Math.floor(Date.now() / 1000),
  nonce = randomBytes(16).toString('hex'),
): string {
  const message = `${method}\n${pathWithQuery}\n${timestamp}\n${nonce}\n${body}\n`;
  const signature = createSign('RSA-SHA256').update(message).sign(credentials.privateKeyPem, 'base64');
  return `WECHATPAY2-SHA256-RSA2048 mchid="${credentials.merchantId}",nonce_str="${nonce}",signature="${signature}",timestamp="${timestamp}",serial_no="${credentials.certificateSerial}"`;
}

/** Reads the fields of an Authorization header built by signRequest. */
export function parseAuthorization(header: string): Record<string, string> | undefined {
  const match = /^WECHATPAY2-SHA256-RSA2048\s+(.+)$/.exec(header);
  if (!match) return undefined;
  return Object.fromEntries([...match[1]!.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
}

export function verifyRequest(publicKeyPem: string, authorization: string, method: string, pathWithQuery: string, body: string): boolean {
  const fields = parseAuthorization(authorization);
  if (!fields?.signature || !fields.timestamp || !fields.nonce_str) return false;
  const message = `${method}\n${pathWithQuery}\n${fields.timestamp}\n${fields.nonce_str}\n${body}\n`;
  return createVerify('RSA-SHA256').update(message).verify(publicKeyPem, fields.signature, 'base64');
}

export function signResponse(privateKeyPem: string, body: string, timestamp = Math.floor(Date.now() / 1000), nonce = randomBytes(16).toString('hex')) {
  const signature = createSign('RSA-SHA256').update(`${timestamp}\n${nonce}\n${body}\n`).sign(privateKeyPem, 'base64');
  return { 'wechatpay-timestamp': String(timestamp), 'wechatpay-nonce': nonce, 'wechatpay-signature': signature };
}

export function verifyResponse(platformPublicKeyPem: string, headers: Headers, body: string, maxSkewSeconds = 300): boolean {
  const timestamp = headers.get('wechatpay-timestamp');
  const nonce = headers.get('wechatpay-nonce');
  const signature = headers.get('wechatpay-signature');
  if (!timestamp || !nonce || !signature) return false;
  if (Math.abs(Date.now() / 1000 - Number(timestamp)) > maxSkewSeconds) return false;
  return createVerify('RSA-SHA256').update(`${timestamp}\n${nonce}\n${body}\n`).verify(platformPublicKeyPem, signature, 'base64');
}
