/**
 * Presigned URLs for news covers: a PUT for one declared image (type and size signed, so S3
 * refuses another), and a GET to show one, signed per window so the URL stays the same (and
 * cacheable) within it.
 */
import { presignedUpload } from '../aws/presigned-upload';
import type { S3Presigner } from '../aws/s3';
import type { CoverImages } from './news-store';

/** Two windows of an hour: a URL answered at the end of its window still works for an hour. */
const VIEW_EXPIRES_SECONDS = 2 * 60 * 60;

export class S3CoverImages implements CoverImages {
  constructor(
    private readonly s3: S3Presigner,
    private readonly bucket: string,
  ) {}

  uploadUrl(key: string, contentType: string, sizeBytes: number) {
    return presignedUpload(this.s3, this.bucket, key, contentType, sizeBytes);
  }

  viewUrl(key: string, window: Date) {
    return this.s3.presign({ method: 'GET', bucket: this.bucket, key, expiresInSeconds: VIEW_EXPIRES_SECONDS, signingDate: window });
  }
}
