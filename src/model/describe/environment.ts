/**
 * The environment variables Portico sets on its functions, on AWS and locally alike. The runtime
 * reads them (src/runtime/env.ts re-exports these names). A function gets only the names it uses
 * (see `describeFunction`).
 */
export const envNames = {
  tableName: "PORTICO_TABLE_NAME",
  /** The Secrets Manager secret (name or ARN) whose value signs page cursors. */
  cursorSecretId: "PORTICO_CURSOR_SECRET_ID",
  /** The files bucket's name. */
  bucketName: "PORTICO_BUCKET_NAME",
} as const;

export type EnvName = (typeof envNames)[keyof typeof envNames];

/**
 * Variables only the local twin (and tests) set, never the stack: with one of these set, the
 * runtime uses its value instead of calling AWS.
 */
export const localEnvNames = {
  /** The cursor secret's value itself, in place of a Secrets Manager lookup. */
  cursorSecret: "PORTICO_LOCAL_CURSOR_SECRET",
  /**
   * The embedded S3's own credentials, for the functions' S3 client only. Its access key id is in
   * every presigned URL a client gets, so it must never be the key to DynamoDB Local's data, which
   * is the functions' `AWS_ACCESS_KEY_ID`.
   */
  s3AccessKeyId: "PORTICO_LOCAL_S3_ACCESS_KEY_ID",
  s3SecretAccessKey: "PORTICO_LOCAL_S3_SECRET_ACCESS_KEY",
  /**
   * `"true"`: the store reads each transaction back before answering, because DynamoDB Local
   * acknowledges a TransactWriteItems before its commit is on disk (`StoreOptions.confirmTransactions`).
   */
  confirmTransactions: "PORTICO_LOCAL_CONFIRM_TRANSACTIONS",
} as const;
