/**
 * Subresource-Integrity checks (`sha512-<base64>`, as npm records them) of a downloaded file.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { createReadStream } from "node:fs";
import { rm } from "node:fs/promises";

/** The downloaded tarball does not match the pinned integrity. */
export class IntegrityMismatchError extends Error {
  override readonly name = "IntegrityMismatchError";
  constructor(
    readonly file: string,
    readonly expected: string,
    readonly actual: string,
  ) {
    super(
      `Integrity check failed for ${file}: expected ${expected} but got ${actual}. ` +
        "The file was deleted and nothing was cached. Check your npm registry/proxy configuration; " +
        "never update the pinned integrity without reviewing the new package.",
    );
  }
}

/**
 * Checks `file` against a Subresource-Integrity string (`sha512-<base64>`, as npm records it).
 * On mismatch deletes the file and throws {@link IntegrityMismatchError}.
 */
export async function verifyIntegrity(file: string, integrity: string): Promise<void> {
  const match = /^sha512-([A-Za-z0-9+/]+={0,2})$/.exec(integrity.trim());
  const expectedB64 = match?.[1];
  if (expectedB64 === undefined) {
    throw new TypeError(`Unsupported integrity ${JSON.stringify(integrity)}: expected "sha512-<base64>".`);
  }
  const hash = createHash("sha512");
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  const actual = hash.digest();
  const expected = Buffer.from(expectedB64, "base64");
  if (expected.length === actual.length && timingSafeEqual(expected, actual)) return;
  await rm(file, { force: true });
  throw new IntegrityMismatchError(file, integrity, `sha512-${actual.toString("base64")}`);
}
