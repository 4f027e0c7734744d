/**
 * Presigned URLs for news covers: a PUT for one declared image (type and size signed, so S3
 * refuses another), and a GET to show one, signed per window so the URL stays the same (and
 * cacheable) within it.
 */
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { presignedUpload } from '../aws/presigned-upload';
import type { CoverImages } from './news-store';

/** Two windows of an hour: a URL answered at the end of its window still works for an hour. */
const VIEW_EXPIRES_SECONDS = 2 * 60 * 60;

export class S3CoverImages implements CoverImages {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  uploadUrl(key: string, contentType: string, sizeBytes: number) {
    return presignedUpload(this.s3, this.bucket, key, contentType, sizeBytes);
  }

  viewUrl(key: string, window: Date) {
    return getSignedUrl(this.s3, new GetObjectCommand({ Bucket: this.bucket, Key: key }), { expiresIn: VIEW_EXPIRES_SECONDS, signingDate: window });
  }
}
