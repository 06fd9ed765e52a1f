import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor } from "./cursor.js";
import { InvalidCursorError } from "./errors.js";

const secret = "s3cret-0123456789abcdef";
const key = { PK: "ACCOUNT#a1", SK: "NOTE#0190" };

describe("page cursors", () => {
  it("round-trip the start key for the same caller and query", () => {
    expect(decodeCursor(secret, "alice|q", encodeCursor(secret, "alice|q", key))).toEqual(key);
  });

  it("are refused for another caller, another query, or under another secret", () => {
    const cursor = encodeCursor(secret, "alice|q", key);
    expect(() => decodeCursor(secret, "bob|q", cursor)).toThrow(InvalidCursorError);
    expect(() => decodeCursor(secret, "alice|other", cursor)).toThrow(InvalidCursorError);
    expect(() => decodeCursor("another-secret", "alice|q", cursor)).toThrow(InvalidCursorError);
  });

  it("refuses any altered cursor", () => {
    const cursor = encodeCursor(secret, "alice|q", key);
    fc.assert(
      fc.property(fc.nat(cursor.length - 1), fc.string({ minLength: 1, maxLength: 1 }), (index, char) => {
        const altered = cursor.slice(0, index) + char + cursor.slice(index + 1);
        fc.pre(altered !== cursor);
        expect(() => decodeCursor(secret, "alice|q", altered)).toThrow(InvalidCursorError);
      }),
    );
  });

  it("does not show the table's key layout", () => {
    const cursor = encodeCursor(secret, "alice|q", key);
    expect(Buffer.from(cursor, "base64url").toString("latin1")).not.toContain("ACCOUNT#");
    expect(cursor).not.toContain(Buffer.from('{"PK"').toString("base64url").slice(0, 6));
  });

  it("refuses arbitrary strings without throwing anything but InvalidCursorError", () => {
    fc.assert(
      fc.property(fc.string(), (garbage) => {
        expect(() => decodeCursor(secret, "alice|q", garbage)).toThrow(InvalidCursorError);
      }),
    );
  });
});
