/**
 * A presigned PUT for one declared file, as every upload in the system is made (claim documents,
 * news covers): the app sends the file straight to S3 (fauxqs locally).
 */
import type { S3Presigner } from './s3';

const UPLOAD_EXPIRES_SECONDS = 15 * 60;

export async function presignedUpload(s3: S3Presigner, bucket: string, key: string, contentType: string, sizeBytes: number) {
  // Content-Type and Content-Length are in the signature, so S3 answers 403 SignatureDoesNotMatch
  // to a file of another type or size. No checksum of the (empty) body is signed: S3 would then
  // refuse the real file.
  const url = await s3.presign({
    method: 'PUT',
    bucket,
    key,
    headers: { 'content-type': contentType, 'content-length': String(sizeBytes) },
    expiresInSeconds: UPLOAD_EXPIRES_SECONDS,
  });
  return { url, expiresAt: new Date(Date.now() + UPLOAD_EXPIRES_SECONDS * 1000).toISOString() };
}
