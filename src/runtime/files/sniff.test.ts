import { describe, expect, it } from "vitest";
import { checkableContentTypes } from "../../model/index.js";
import { bytesAreOfType, sniffLength } from "./sniff.js";

const bytes = (...parts: (string | number[])[]) =>
  Buffer.concat(
    parts.map((part) => (typeof part === "string" ? Buffer.from(part, "latin1") : Buffer.from(part))),
  );

const samples: Readonly<Record<string, Buffer>> = {
  "image/jpeg": bytes([0xff, 0xd8, 0xff, 0xe0], "\0\x10JFIF"),
  "image/png": bytes([0x89], "PNG\r\n\x1a\n", "\0\0\0\rIHDR"),
  "image/webp": bytes("RIFF", [0x24, 0, 0, 0], "WEBPVP8 "),
  "image/heic": bytes([0, 0, 0, 0x18], "ftypheic", "\0\0\0\0"),
  "application/pdf": bytes("%PDF-1.7\n%\xe2\xe3"),
  "application/zip": bytes("PK", [3, 4, 20, 0, 0, 0, 8, 0], "fw.bin"),
};

describe("a file's first bytes", () => {
  it.each(Object.entries(samples))("of %s are that type and no other known one", (type, sample) => {
    const head = sample.subarray(0, sniffLength);
    expect(bytesAreOfType(type, head)).toBe(true);
    expect(Object.keys(samples).sort()).toEqual([...checkableContentTypes].sort());
    for (const other of Object.keys(samples).filter((candidate) => candidate !== type)) {
      expect(bytesAreOfType(other, head)).toBe(false);
    }
  });

  it("of an HTML page, a short file or an unknown type are no image", () => {
    const html = Buffer.from("<!doctype html><script>");
    for (const type of Object.keys(samples)) {
      expect(bytesAreOfType(type, html)).toBe(false);
      expect(bytesAreOfType(type, new Uint8Array([0x89]))).toBe(false);
    }
    expect(bytesAreOfType("image/gif", Buffer.from("GIF89a"))).toBe(false);
  });
});
