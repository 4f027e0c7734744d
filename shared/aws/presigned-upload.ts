/**
 * A presigned PUT for one declared file, as every upload in the system is made (claim documents,
 * news covers): the app sends the file straight to S3 (fauxqs locally).
 */
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';

const UPLOAD_EXPIRES_SECONDS = 15 * 60;

export async function presignedUpload(s3: S3Client, bucket: string, key: string, contentType: string, sizeBytes: number) {
  // Content-Type and Content-Length are in the signature, so S3 answers 403 SignatureDoesNotMatch
  // to a file of another type or size (Content-Type is left out unless named in signableHeaders).
  // No checksum of the (empty) body is signed: the S3 client is built with
  // requestChecksumCalculation WHEN_REQUIRED (shared/aws/s3.ts).
  const url = await getSignedUrl(
    s3,
    new PutObjectCommand({ Bucket: bucket, Key: key, ContentType: contentType, ContentLength: sizeBytes }),
    { expiresIn: UPLOAD_EXPIRES_SECONDS, signableHeaders: new Set(['content-type']) },
  );
  return { url, expiresAt: new Date(Date.now() + UPLOAD_EXPIRES_SECONDS * 1000).toISOString() };
}
