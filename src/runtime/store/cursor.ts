/**
 * Opaque page cursors: the query's `LastEvaluatedKey`, authenticated with an HMAC over the
 * caller and the query it belongs to. A forged, altered or foreign cursor fails verification and
 * is refused, so a cursor can never steer a Query into someone else's partition.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { InvalidCursorError } from "./errors.js";

/** What a cursor is bound to: who asked, and which query (route, ids, filters). */
export type CursorBinding = string;

function sign(secret: string, binding: CursorBinding, payload: string): Buffer {
  return createHmac("sha256", secret).update(binding).update("\n").update(payload).digest();
}

export function encodeCursor(secret: string, binding: CursorBinding, key: Record<string, unknown>): string {
  const payload = Buffer.from(JSON.stringify(key)).toString("base64url");
  return `${payload}.${sign(secret, binding, payload).toString("base64url")}`;
}

/** Returns the `ExclusiveStartKey` the cursor carries; throws `InvalidCursorError` on any tampering. */
export function decodeCursor(
  secret: string,
  binding: CursorBinding,
  cursor: string,
): Record<string, unknown> {
  const [payload, signature, extra] = cursor.split(".");
  if (payload === undefined || signature === undefined || extra !== undefined || payload === "") {
    throw new InvalidCursorError("The cursor is malformed.");
  }
  const expected = sign(secret, binding, payload);
  const given = Buffer.from(signature, "base64url");
  // Base64 decoding ignores a final character's spare bits: only the canonical spelling counts,
  // so no altered cursor verifies.
  if (
    given.length !== expected.length ||
    !timingSafeEqual(given, expected) ||
    given.toString("base64url") !== signature
  ) {
    throw new InvalidCursorError("The cursor is not valid for this query.");
  }
  if (Buffer.from(payload, "base64url").toString("base64url") !== payload) {
    throw new InvalidCursorError("The cursor is not valid for this query.");
  }
  const key: unknown = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
  if (typeof key !== "object" || key === null || Array.isArray(key)) {
    throw new InvalidCursorError("The cursor is malformed.");
  }
  return key as Record<string, unknown>;
}
