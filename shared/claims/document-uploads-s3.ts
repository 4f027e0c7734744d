/** Presigned PUT URLs for claim documents: the app uploads straight to S3 (fauxqs locally). */
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { DocumentUploads } from './claim-store';

const EXPIRES_SECONDS = 15 * 60;

export class S3DocumentUploads implements DocumentUploads {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  async uploadUrl(key: string, contentType: string, sizeBytes: number) {
    // Content type and length are signed: the upload must be the file that was declared.
    const url = await getSignedUrl(
      this.s3,
      new PutObjectCommand({ Bucket: this.bucket, Key: key, ContentType: contentType, ContentLength: sizeBytes }),
      // Content-Type is left out of the signature unless named here; S3 then enforces it.
      { expiresIn: EXPIRES_SECONDS, signableHeaders: new Set(['content-type']) },
    );
    return { url, expiresAt: new Date(Date.now() + EXPIRES_SECONDS * 1000).toISOString() };
  }
}
