/** Presigned view URLs into the memberDocuments bucket, built once per container when the function loads. */
import { s3 } from '../aws/s3';
import { S3DocumentUploads } from '../claims/document-uploads-s3';
import { bucketName } from '../config';

export const documentViews = new S3DocumentUploads(s3, bucketName('memberDocuments'));
