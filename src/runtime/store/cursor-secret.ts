/**
 * The key that signs page cursors. On AWS it is a Secrets Manager secret the stack creates
 * (`PORTICO_CURSOR_SECRET_ID`), fetched through Powertools Parameters once per container, never a
 * plain environment value; the local twin and tests hand over the value itself
 * (`PORTICO_LOCAL_CURSOR_SECRET`). Only list functions import this module, so no other bundle
 * carries the Parameters client.
 */
import { getSecret } from "@aws-lambda-powertools/parameters/secrets";
import { localEnvNames } from "../../model/index.js";
import { envNames, requireEnv } from "../env.js";
import { errorWithCode } from "../errors.js";
import type { CursorSecret } from "./store.js";

/** A cursor key shorter than this would make forged cursors guessable. */
export const minimumCursorSecretLength = 32;

export class CursorSecretUnusableError extends errorWithCode("store.cursor_secret_unusable") {
  constructor(secretId: string) {
    super(`The secret ${secretId} must be a string of at least ${minimumCursorSecretLength} characters.`);
  }
}

async function fetchCursorSecret(): Promise<string> {
  const secretId = requireEnv(envNames.cursorSecretId, "the Secrets Manager secret that signs page cursors");
  const value = await getSecret(secretId);
  if (typeof value !== "string" || value.length < minimumCursorSecretLength) {
    throw new CursorSecretUnusableError(secretId);
  }
  return value;
}

/** The cursor key from the environment, fetched on first use and kept; a failed fetch is retried next time. */
export function cursorSecretFromEnvironment(): CursorSecret {
  let pending: Promise<string> | undefined;
  return () => {
    const local = process.env[localEnvNames.cursorSecret];
    if (local !== undefined && local !== "") return Promise.resolve(local);
    pending ??= fetchCursorSecret().catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
}
