/**
 * What a device does with an upload ticket (API.md, Files): a `multipart/form-data` POST of the
 * ticket's fields, then the file, straight to S3 (locally, the embedded S3's front). And real image
 * bytes to send: a 1×1 PNG, optionally padded past its end to a given size (still a PNG to any reader
 * of its first bytes).
 */
import { deflateSync } from "node:zlib";

import type { UploadTicket } from "../../src/runtime/index.js";

export type { UploadTicket };

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** A valid 1×1 red PNG; with `size`, zero bytes follow its IEND chunk up to that many bytes. */
export function pngBytes(size?: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(1, 0);
  header.writeUInt32BE(1, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const png = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(Buffer.from([0, 0xff, 0, 0]))),
    chunk("IEND", Buffer.alloc(0)),
  ]);
  return size === undefined || size <= png.length
    ? png
    : Buffer.concat([png, Buffer.alloc(size - png.length)]);
}

/** A page that says it is an image: what a hostile client would upload as `image/png`. */
export const htmlBytes = Buffer.from("<!doctype html><script>alert(document.cookie)</script>");

export interface UploadOptions {
  /** Fields replaced or added after the ticket's own (a tampered signature, another key). */
  readonly fields?: Readonly<Record<string, string>>;
  /** Ticket fields left out. */
  readonly omit?: readonly string[];
  readonly url?: string;
}

/** POSTs `bytes` with the ticket's form fields, the file last (S3 ignores fields after it). */
export function uploadWithTicket(
  ticket: UploadTicket,
  bytes: Uint8Array,
  options: UploadOptions = {},
): Promise<Response> {
  const form = new FormData();
  const fields = { ...ticket.fields, ...options.fields };
  for (const [name, value] of Object.entries(fields)) {
    if (!options.omit?.includes(name)) form.append(name, value);
  }
  form.append("file", new Blob([new Uint8Array(bytes)]), "upload.bin");
  return fetch(options.url ?? ticket.url, { method: "POST", body: form });
}
