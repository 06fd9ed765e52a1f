import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { accounts, attachedNotes as notes } from "../../test/support/store-entities.js";
import {
  decodeKeySegment,
  encodeKeySegment,
  fileKeyPattern,
  fileKeyRoot,
  fileKeyTemplate,
  fileSlotsOf,
  parseFileKey,
  renderFileKey,
} from "./files.js";

const slots = fileSlotsOf([accounts, notes]);
const fileId = "0190a4b2-1c3d-7e4f-8a5b-6c7d8e9f0a1b";

describe("file keys", () => {
  it("are the item's path, the slot and the file id; as S3 patterns each placeholder is a *", () => {
    expect(fileKeyTemplate(accounts, "picture")).toBe("accounts/{accountId}/picture/{fileId}");
    expect(fileKeyPattern(notes, "attachments")).toBe("accounts/*/notes/*/attachments/*");
    expect(fileKeyRoot(notes)).toBe("accounts/");
  });

  it("render and parse back to the same slot, ids and file id", () => {
    const key = renderFileKey(notes, "attachments", { accountId: "alice", noteId: "n1" }, fileId);
    expect(key).toBe(`accounts/alice/notes/n1/attachments/${fileId}`);
    expect(parseFileKey(slots, key)).toMatchObject({
      name: "attachments",
      ids: { accountId: "alice", noteId: "n1" },
      fileId,
    });
  });

  it("encode an id so that no sub can add a segment, climb out of a folder or read as another", () => {
    const key = renderFileKey(accounts, "picture", { accountId: "../a/b%2F c" }, fileId);
    expect(key).toBe(`accounts/%2E%2E%2Fa%2Fb%252F%20c/picture/${fileId}`);
    expect(parseFileKey(slots, key)?.ids).toEqual({ accountId: "../a/b%2F c" });
  });

  it("round-trip any string as one segment, and refuse every segment encoding could not make", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", minLength: 1 }), (value) => {
        const segment = encodeKeySegment(value);
        expect(segment).toMatch(/^(?:[A-Za-z0-9_-]|%[0-9A-F]{2})+$/);
        expect(decodeKeySegment(segment)).toBe(value);
      }),
    );
    for (const segment of ["a.b", "a%2f", "%41", "a/b", "", "%E0%A4%A"])
      expect(decodeKeySegment(segment)).toBeUndefined();
  });

  it.each([
    ["another prefix", `files/alice/picture/${fileId}`],
    ["another slot", `accounts/alice/avatar/${fileId}`],
    ["a file id that is no UUIDv7", "accounts/alice/picture/not-a-uuid"],
    ["a file id of another UUID version", "accounts/alice/picture/0190a4b2-1c3d-4e4f-8a5b-6c7d8e9f0a1b"],
    ["an extra segment", `accounts/alice/picture/${fileId}/x`],
    ["an id encoding could not make", `accounts/al.ice/picture/${fileId}`],
  ])("are not the app's with %s", (_, key) => {
    expect(parseFileKey(slots, key)).toBeUndefined();
  });
});
