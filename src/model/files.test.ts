import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { app } from "../../app/portico.config.js";
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

const slots = fileSlotsOf(app.entities);
const [users, todos] = app.entities as [(typeof app.entities)[0], (typeof app.entities)[1]];
const fileId = "0190a4b2-1c3d-7e4f-8a5b-6c7d8e9f0a1b";

describe("file keys", () => {
  it("are the item's path, the slot and the file id; as S3 patterns each placeholder is a *", () => {
    expect(fileKeyTemplate(users, "avatar")).toBe("users/{userId}/avatar/{fileId}");
    expect(fileKeyPattern(todos, "attachments")).toBe("users/*/todos/*/attachments/*");
    expect(fileKeyRoot(todos)).toBe("users/");
  });

  it("render and parse back to the same slot, ids and file id", () => {
    const key = renderFileKey(todos, "attachments", { userId: "alice", todoId: "t1" }, fileId);
    expect(key).toBe(`users/alice/todos/t1/attachments/${fileId}`);
    expect(parseFileKey(slots, key)).toMatchObject({
      name: "attachments",
      ids: { userId: "alice", todoId: "t1" },
      fileId,
    });
  });

  it("encode an id so that no sub can add a segment, climb out of a folder or read as another", () => {
    const key = renderFileKey(users, "avatar", { userId: "../a/b%2F c" }, fileId);
    expect(key).toBe(`users/%2E%2E%2Fa%2Fb%252F%20c/avatar/${fileId}`);
    expect(parseFileKey(slots, key)?.ids).toEqual({ userId: "../a/b%2F c" });
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
    ["another prefix", `files/alice/avatar/${fileId}`],
    ["another slot", `users/alice/picture/${fileId}`],
    ["a file id that is no UUIDv7", "users/alice/avatar/not-a-uuid"],
    ["a file id of another UUID version", "users/alice/avatar/0190a4b2-1c3d-4e4f-8a5b-6c7d8e9f0a1b"],
    ["an extra segment", `users/alice/avatar/${fileId}/x`],
    ["an id encoding could not make", `users/al.ice/avatar/${fileId}`],
  ])("are not the app's with %s", (_, key) => {
    expect(parseFileKey(slots, key)).toBeUndefined();
  });
});
