/**
 * The service's one credential pair, and s3rver's process-wide key registry. The access key id is
 * in every presigned URL handed to a browser, so a generated secret is random, never derived from it.
 */
import { randomBytes, randomInt } from "node:crypto";
import { createRequire } from "node:module";
import type { S3Credentials } from "./signer.js";

export type { S3Credentials };

const KEY_ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/** `given`, or a fresh pair shaped like AWS's: a 20-character key id, a 40-character secret. */
export function credentialsFor(given: S3Credentials | undefined): S3Credentials {
  if (given !== undefined) return { accessKeyId: given.accessKeyId, secretAccessKey: given.secretAccessKey };
  let accessKeyId = "";
  for (let index = 0; index < 20; index++) accessKeyId += KEY_ID_ALPHABET[randomInt(KEY_ID_ALPHABET.length)];
  return { accessKeyId, secretAccessKey: randomBytes(30).toString("base64") };
}

/**
 * s3rver's one account, whose access keys it accepts (a process-wide registry; s3rver has no
 * option for it). Loaded with `createRequire`, as the module ships no types.
 */
const s3rverAccount = (
  createRequire(import.meta.url)("s3rver/lib/models/account.js") as {
    readonly DUMMY_ACCOUNT: {
      createKeyPair(accessKeyId: string, secretAccessKey: string): void;
      revokeAccessKey(accessKeyId: string): void;
    };
  }
).DUMMY_ACCOUNT;

/**
 * How many running services registered each key: the registry is process-wide, so a key is revoked
 * only when the last service that registered it stops (tests run several services on one key).
 */
const keyHolders = new Map<string, number>();

export function registerKey(credentials: S3Credentials): void {
  const holders = keyHolders.get(credentials.accessKeyId) ?? 0;
  if (holders === 0) s3rverAccount.createKeyPair(credentials.accessKeyId, credentials.secretAccessKey);
  keyHolders.set(credentials.accessKeyId, holders + 1);
}

export function forgetKey(credentials: S3Credentials): void {
  const holders = (keyHolders.get(credentials.accessKeyId) ?? 0) - 1;
  if (holders > 0) {
    keyHolders.set(credentials.accessKeyId, holders);
    return;
  }
  keyHolders.delete(credentials.accessKeyId);
  // s3rver's own S3RVER key stays: the front never lets it through anyway.
  if (credentials.accessKeyId !== "S3RVER") s3rverAccount.revokeAccessKey(credentials.accessKeyId);
}
