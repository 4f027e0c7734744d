/** The S3 client, one per container, for functions that presign uploads (S3_ENDPOINT: fauxqs locally). */
import { S3Client } from '@aws-sdk/client-s3';
import { optionalUrl } from '../config';

const endpoint = optionalUrl('S3_ENDPOINT');

// Checksums only where S3 requires them: the SDK's default (since 2025) signs a CRC32 of the
// empty body into presigned PUT URLs, and S3 then refuses the real file uploaded through them.
export const s3 = new S3Client({
  endpoint,
  forcePathStyle: Boolean(endpoint),
  requestChecksumCalculation: 'WHEN_REQUIRED',
  responseChecksumValidation: 'WHEN_REQUIRED',
});
