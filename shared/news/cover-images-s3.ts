/**
 * Presigned URLs for news covers: a PUT for one declared image (type and size signed, so S3
 * refuses another), and a GET to show one, signed per window so the URL stays the same (and
 * cacheable) within it.
 */
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { CoverImages } from './news-store';

const UPLOAD_EXPIRES_SECONDS = 15 * 60;
/** Two windows of an hour: a URL answered at the end of its window still works for an hour. */
const VIEW_EXPIRES_SECONDS = 2 * 60 * 60;

export class S3CoverImages implements CoverImages {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  async uploadUrl(key: string, contentType: string, sizeBytes: number) {
    // As for claim documents: Content-Type and Content-Length are in the signature, so S3 answers
    // 403 SignatureDoesNotMatch to a file of another type or size. No checksum of the (empty)
    // body is signed: the S3 client is built with requestChecksumCalculation WHEN_REQUIRED.
    const url = await getSignedUrl(
      this.s3,
      new PutObjectCommand({ Bucket: this.bucket, Key: key, ContentType: contentType, ContentLength: sizeBytes }),
      { expiresIn: UPLOAD_EXPIRES_SECONDS, signableHeaders: new Set(['content-type']) },
    );
    return { url, expiresAt: new Date(Date.now() + UPLOAD_EXPIRES_SECONDS * 1000).toISOString() };
  }

  viewUrl(key: string, window: Date) {
    return getSignedUrl(this.s3, new GetObjectCommand({ Bucket: this.bucket, Key: key }), { expiresIn: VIEW_EXPIRES_SECONDS, signingDate: window });
  }
}
