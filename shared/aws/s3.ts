/**
 * Presigned S3 URLs, one signer per container, for the functions that hand out uploads and views
 * (S3_ENDPOINT: fauxqs locally). A function never calls S3 itself, it only signs URLs the app
 * calls, so it carries SigV4 (already in every bundle for DynamoDB) and not the S3 client (~130 KB
 * with its XML and checksum layers, a sixth of a bundle).
 */
import { formatUrl } from '@aws-sdk/core/util';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { Sha256 } from '@smithy/core/checksum';
import { HttpRequest } from '@smithy/core/protocols';
import { SignatureV4 } from '@smithy/signature-v4';
import { optionalUrl, requiredEnv } from '../config';

export interface PresignRequest {
  method: 'GET' | 'PUT';
  bucket: string;
  key: string;
  /** Headers the caller must send as signed (for a PUT: Content-Type and Content-Length). */
  headers?: Record<string, string>;
  /** Query parameters S3 reads (`response-content-type`, …). */
  query?: Record<string, string>;
  expiresInSeconds: number;
  /** When the signature counts from (default now): a fixed window gives the same URL within it. */
  signingDate?: Date;
}

/** S3's key encoding: each segment RFC 3986-encoded, slashes kept (S3 is signed without re-escaping the path). */
const encodeKey = (key: string) =>
  key
    .split('/')
    .map((segment) => encodeURIComponent(segment).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`))
    .join('/');

export class S3Presigner {
  private readonly signer: SignatureV4;

  constructor(
    private readonly region: string,
    /** A local endpoint (path-style addressing), or undefined for AWS (virtual-hosted style). */
    private readonly endpoint: URL | undefined,
  ) {
    this.signer = new SignatureV4({ service: 's3', region, credentials: defaultProvider(), sha256: Sha256, uriEscapePath: false, applyChecksum: false });
  }

  async presign(request: PresignRequest): Promise<string> {
    const local = this.endpoint;
    const hostname = local ? local.hostname : `${request.bucket}.s3.${this.region}.amazonaws.com`;
    const port = local?.port ? Number(local.port) : undefined;
    const http = new HttpRequest({
      method: request.method,
      protocol: local ? local.protocol : 'https:',
      hostname,
      port,
      path: local ? `/${request.bucket}/${encodeKey(request.key)}` : `/${encodeKey(request.key)}`,
      query: { ...request.query },
      // The body is the app's, unknown here: S3 takes UNSIGNED-PAYLOAD for presigned URLs.
      headers: { host: port ? `${hostname}:${port}` : hostname, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD', ...request.headers },
    });
    const signed = await this.signer.presign(http, {
      expiresIn: request.expiresInSeconds,
      signingDate: request.signingDate,
      // Content-Type is signed too (SigV4 presigning leaves it out unless named), so S3 refuses a file of another type.
      signableHeaders: new Set(['content-type']),
    });
    return formatUrl(signed);
  }
}

const endpoint = optionalUrl('S3_ENDPOINT');

export const s3 = new S3Presigner(requiredEnv('AWS_REGION'), endpoint ? new URL(endpoint) : undefined);
