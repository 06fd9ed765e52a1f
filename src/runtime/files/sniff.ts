/**
 * What a file's first bytes say it is. An upload declares its type in the POST form, and the policy
 * can only check the declaration; the bytes are checked here, so that HTML sent as `image/png` (or a
 * PNG declared as JPEG) is never recorded or served under a type it is not.
 */

/** How many leading bytes the checks read. */
export const sniffLength = 16;

const ascii = (text: string) => [...text].map((char) => char.charCodeAt(0));

/** Each known type's signature: bytes (or `undefined` for any byte) at an offset. */
const signatures: Readonly<
  Record<string, readonly { offset: number; bytes: readonly (number | undefined)[] }[]>
> = {
  "image/jpeg": [{ offset: 0, bytes: [0xff, 0xd8, 0xff] }],
  "image/png": [{ offset: 0, bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] }],
  "image/webp": [
    { offset: 0, bytes: ascii("RIFF") },
    { offset: 8, bytes: ascii("WEBP") },
  ],
  "application/pdf": [{ offset: 0, bytes: ascii("%PDF-") }],
};

/** HEIF brands of HEIC images (ISO/IEC 23008-12): `ftyp` at offset 4, then the major brand. */
const heicBrands = new Set(["heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1"]);

function matches(bytes: Uint8Array, offset: number, expected: readonly (number | undefined)[]): boolean {
  return expected.every((byte, index) => byte === undefined || bytes[offset + index] === byte);
}

/** Whether `bytes` (the file's first {@link sniffLength} bytes) are of `contentType`. Unknown types never match. */
export function bytesAreOfType(contentType: string, bytes: Uint8Array): boolean {
  if (contentType === "image/heic") {
    const box = Buffer.from(bytes.subarray(4, 12)).toString("latin1");
    return box.startsWith("ftyp") && heicBrands.has(box.slice(4));
  }
  const parts = signatures[contentType];
  return parts?.every(({ offset, bytes: expected }) => matches(bytes, offset, expected)) ?? false;
}

/** The types whose signatures Portico knows: a slot may only allow these (the recorder could check no other). */
export const sniffableTypes: readonly string[] = [...Object.keys(signatures), "image/heic"];
