/** The S3 client, one per container, for functions that presign uploads (S3_ENDPOINT: fauxqs locally). */
import { S3Client } from '@aws-sdk/client-s3';
import { optionalUrl } from '../config';

const endpoint = optionalUrl('S3_ENDPOINT');

export const s3 = new S3Client({ endpoint, forcePathStyle: Boolean(endpoint) });
