/**
 * The files bucket as the functions see it: one S3 client and the bucket's name, made once per
 * container. Locally the client signs with the embedded S3's own credentials (never DynamoDB
 * Local's key, which must stay out of presigned URLs); on AWS with the function's role.
 */
import { S3Client } from "@aws-sdk/client-s3";
import { localEnvNames } from "../../model/index.js";
import { envNames, requireEnv } from "../env.js";
import { StoreUnavailableError } from "../store/errors.js";
import { transientRetryAfter } from "../store/send.js";

export interface FileBucket {
  readonly client: S3Client;
  readonly name: string;
  now(): Date;
}

export interface FileBucketOptions {
  /** @default - a client for the environment's region and endpoint (`AWS_ENDPOINT_URL_S3` locally) */
  readonly client?: S3Client;
  /** @default - `PORTICO_BUCKET_NAME` */
  readonly name?: string;
  /** @default - the system clock */
  readonly now?: () => Date;
}

/** The local twin's S3 credentials, when it set them; absent on AWS. */
function localS3Credentials() {
  const accessKeyId = process.env[localEnvNames.s3AccessKeyId];
  const secretAccessKey = process.env[localEnvNames.s3SecretAccessKey];
  return accessKeyId && secretAccessKey ? { credentials: { accessKeyId, secretAccessKey } } : {};
}

/** Bounded timeouts, as the store's client has, so an unreachable S3 fails fast into a 503. */
export function defaultS3Client(): S3Client {
  return new S3Client({
    maxAttempts: 3,
    requestHandler: { connectionTimeout: 1_000, requestTimeout: 5_000, throwOnRequestTimeout: true },
    ...localS3Credentials(),
  });
}

export function createFileBucket(options: FileBucketOptions = {}): FileBucket {
  return {
    client: options.client ?? defaultS3Client(),
    name: options.name ?? requireEnv(envNames.bucketName, "the files bucket's name"),
    now: options.now ?? (() => new Date()),
  };
}

/** Sends one S3 command; throttling, faults and network failures become a 503 with Retry-After. */
export async function sendToBucket<Output>(
  bucket: FileBucket,
  command: { readonly input: object },
): Promise<Output> {
  try {
    return (await bucket.client.send(command as Parameters<S3Client["send"]>[0])) as Output;
  } catch (error) {
    const retryAfter = transientRetryAfter(error);
    throw retryAfter === undefined ? error : new StoreUnavailableError(retryAfter, error);
  }
}
