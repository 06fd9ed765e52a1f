/**
 * Opaque page cursors: the query's `LastEvaluatedKey`, encrypted and authenticated with AES-256-GCM
 * under a key derived from the cursor secret, with the caller and the query as associated data.
 * A client can neither read the table's key layout from a cursor nor forge, alter or reuse one
 * for another caller or query: any of those fails to decrypt and is refused, so a cursor can
 * never steer a Query into someone else's partition.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { InvalidCursorError } from "./errors.js";

/** What a cursor is bound to: who asked, and which query (route, ids, filters). */
export type CursorBinding = string;

const ivBytes = 12;
const tagBytes = 16;

/** A 256-bit key for this purpose only, derived from the configured secret. */
function cursorKey(secret: string): Buffer {
  return createHash("sha256").update("portico page cursor v1\n").update(secret).digest();
}

export function encodeCursor(secret: string, binding: CursorBinding, key: Record<string, unknown>): string {
  const iv = randomBytes(ivBytes);
  const cipher = createCipheriv("aes-256-gcm", cursorKey(secret), iv);
  cipher.setAAD(Buffer.from(binding));
  const sealed = Buffer.concat([cipher.update(JSON.stringify(key), "utf8"), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString("base64url");
}

/** Returns the `ExclusiveStartKey` the cursor carries; throws `InvalidCursorError` on any tampering. */
export function decodeCursor(
  secret: string,
  binding: CursorBinding,
  cursor: string,
): Record<string, unknown> {
  const bytes = Buffer.from(cursor, "base64url");
  // Base64 decoding ignores stray characters and a final character's spare bits: only the
  // canonical spelling counts, so no altered cursor is accepted.
  if (bytes.length <= ivBytes + tagBytes || bytes.toString("base64url") !== cursor) {
    throw new InvalidCursorError("The cursor is malformed.");
  }
  let plain: string;
  try {
    const decipher = createDecipheriv("aes-256-gcm", cursorKey(secret), bytes.subarray(0, ivBytes));
    decipher.setAAD(Buffer.from(binding));
    decipher.setAuthTag(bytes.subarray(ivBytes, ivBytes + tagBytes));
    plain = Buffer.concat([decipher.update(bytes.subarray(ivBytes + tagBytes)), decipher.final()]).toString(
      "utf8",
    );
  } catch {
    throw new InvalidCursorError("The cursor is not valid for this query.");
  }
  const key: unknown = JSON.parse(plain);
  if (typeof key !== "object" || key === null || Array.isArray(key)) {
    throw new InvalidCursorError("The cursor is malformed.");
  }
  return key as Record<string, unknown>;
}
