/**
 * Presigned URLs for claim documents: PUT to upload (the app goes straight to S3; fauxqs locally)
 * and a short-lived GET to open one.
 */
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { presignedUpload } from '../aws/presigned-upload';
import type { DocumentUploads, DocumentViews } from './claim-store';

/** A view URL is for opening the document now, not for passing around. */
export const VIEW_EXPIRES_SECONDS = 5 * 60;

export class S3DocumentUploads implements DocumentUploads, DocumentViews {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  uploadUrl(key: string, contentType: string, sizeBytes: number) {
    return presignedUpload(this.s3, this.bucket, key, contentType, sizeBytes);
  }

  async viewUrl(key: string, document: { fileName: string; contentType: string }) {
    const url = await getSignedUrl(
      this.s3,
      new GetObjectCommand({
        Bucket: this.bucket,
        Key: key,
        // Answered as the declared type, shown inline under its own name.
        ResponseContentType: document.contentType,
        ResponseContentDisposition: `inline; filename*=UTF-8''${encodeURIComponent(document.fileName)}`,
      }),
      { expiresIn: VIEW_EXPIRES_SECONDS },
    );
    return { url, expiresAt: new Date(Date.now() + VIEW_EXPIRES_SECONDS * 1000).toISOString() };
  }
}
