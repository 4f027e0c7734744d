/**
 * Presigned URLs for claim documents: PUT to upload (the app goes straight to S3; fauxqs locally)
 * and a short-lived GET to open one.
 */
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { DocumentUploads, DocumentViews } from './claim-store';

const UPLOAD_EXPIRES_SECONDS = 15 * 60;
/** A view URL is for opening the document now, not for passing around. */
export const VIEW_EXPIRES_SECONDS = 5 * 60;

export class S3DocumentUploads implements DocumentUploads, DocumentViews {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  async uploadUrl(key: string, contentType: string, sizeBytes: number) {
    // Content type and length are signed: S3 refuses (403 SignatureDoesNotMatch) an upload whose
    // Content-Type or Content-Length differs from the declaration, so a larger file or another
    // type cannot be put through the URL.
    const url = await getSignedUrl(
      this.s3,
      new PutObjectCommand({ Bucket: this.bucket, Key: key, ContentType: contentType, ContentLength: sizeBytes }),
      // Content-Type is left out of the signature unless named here; S3 then enforces it.
      { expiresIn: UPLOAD_EXPIRES_SECONDS, signableHeaders: new Set(['content-type']) },
    );
    return { url, expiresAt: new Date(Date.now() + UPLOAD_EXPIRES_SECONDS * 1000).toISOString() };
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
