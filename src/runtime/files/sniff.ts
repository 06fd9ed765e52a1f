/**
 * What a file's first bytes say it is. An upload declares its type in the POST form, and the policy
 * can only check the declaration; the bytes are checked here, so that HTML sent as `image/png` (or a
 * PNG declared as JPEG) is never recorded or served under a type it is not. The model allows a file
 * slot only the types this knows (`checkableContentTypes`).
 */
import type { CheckableContentType } from "../../model/index.js";

/** How many leading bytes the checks read. */
export const sniffLength = 16;

function startsWith(bytes: Uint8Array, offset: number, expected: readonly number[] | string): boolean {
  const wanted = typeof expected === "string" ? Buffer.from(expected, "latin1") : expected;
  return wanted.every((byte, index) => bytes[offset + index] === byte);
}

/** HEIF brands of HEIC images (ISO/IEC 23008-12): `ftyp` at offset 4, then the major brand. */
const heicBrands = new Set(["heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1"]);

const signatures: Readonly<Record<CheckableContentType, (bytes: Uint8Array) => boolean>> = {
  "image/jpeg": (bytes) => startsWith(bytes, 0, [0xff, 0xd8, 0xff]),
  "image/png": (bytes) => startsWith(bytes, 0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  "image/webp": (bytes) => startsWith(bytes, 0, "RIFF") && startsWith(bytes, 8, "WEBP"),
  "image/heic": (bytes) =>
    startsWith(bytes, 4, "ftyp") && heicBrands.has(Buffer.from(bytes.subarray(8, 12)).toString("latin1")),
  "application/pdf": (bytes) => startsWith(bytes, 0, "%PDF-"),
  // A local file header: archives (firmware bundles) that start with an entry; never an empty one.
  "application/zip": (bytes) => startsWith(bytes, 0, [0x50, 0x4b, 0x03, 0x04]),
};

/** Whether `bytes` (the file's first {@link sniffLength} bytes) are of `contentType`. Unknown types never match. */
export function bytesAreOfType(contentType: string, bytes: Uint8Array): boolean {
  return Object.hasOwn(signatures, contentType) && signatures[contentType as CheckableContentType](bytes);
}
