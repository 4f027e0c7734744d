/**
 * Presigned URLs for claim documents: PUT to upload (the app goes straight to S3; fauxqs locally)
 * and a short-lived GET to open one.
 */
import { presignedUpload } from '../aws/presigned-upload';
import type { S3Presigner } from '../aws/s3';
import type { DocumentUploads, DocumentViews } from './claim-store';

/** A view URL is for opening the document now, not for passing around. */
export const VIEW_EXPIRES_SECONDS = 5 * 60;

export class S3DocumentUploads implements DocumentUploads, DocumentViews {
  constructor(
    private readonly s3: S3Presigner,
    private readonly bucket: string,
  ) {}

  uploadUrl(key: string, contentType: string, sizeBytes: number) {
    return presignedUpload(this.s3, this.bucket, key, contentType, sizeBytes);
  }

  async viewUrl(key: string, document: { fileName: string; contentType: string }) {
    const url = await this.s3.presign({
      method: 'GET',
      bucket: this.bucket,
      key,
      // Answered as the declared type, shown inline under its own name.
      query: {
        'response-content-type': document.contentType,
        'response-content-disposition': `inline; filename*=UTF-8''${encodeURIComponent(document.fileName)}`,
      },
      expiresInSeconds: VIEW_EXPIRES_SECONDS,
    });
    return { url, expiresAt: new Date(Date.now() + VIEW_EXPIRES_SECONDS * 1000).toISOString() };
  }
}
