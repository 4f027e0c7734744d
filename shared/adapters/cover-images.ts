/** Presigned cover uploads and views in the newsImages bucket, built once per container when the function loads. */
import { s3 } from '../aws/s3';
import { bucketName } from '../config';
import { S3CoverImages } from '../news/cover-images-s3';

export const coverImages = new S3CoverImages(s3, bucketName('newsImages'));
