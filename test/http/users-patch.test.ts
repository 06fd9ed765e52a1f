/** HTTP contract of `PATCH /users/{userId}` (API.md, Users): JSON Merge Patch (RFC 7396). */
import { describe, expect, it } from "vitest";
import { app } from "../../app/portico.config.js";
import { newTagOf, tagOf } from "../support/etags.js";
import { useTestApi } from "../support/use-test-api.js";
import {
  admin,
  createUser,
  currentTag,
  expectJson,
  expectUserShape,
  profileWrite,
  readUser,
  unique,
  usernameIsFree,
} from "./users-helpers.js";

const { api, expectProblem, expectFieldErrors } = useTestApi(app);

const patch = profileWrite(api, "PATCH");

describe("PATCH /users/{userId}", () => {
  it("changes only the named fields and keeps the others", async () => {
    const { sub, user, etag } = await createUser(api, { phoneNumber: "+4915112345678", bio: "Before" });
    const reply = await patch(sub, { firstName: "Augusta", bio: "After" });
    expectJson(reply, 200);
    expect(newTagOf(reply, [etag])).toBe(await currentTag(api, sub));
    expectUserShape(reply.json);
    expect(reply.json).toEqual({
      ...user,
      firstName: "Augusta",
      bio: "After",
      updatedAt: reply.json.updatedAt,
      version: 2,
    });
    expect(reply.json.updatedAt >= (user.updatedAt as string)).toBe(true);
    expect(await readUser(api, sub)).toEqual(reply.json);
  });

  it("removes an optional field given null and keeps the rest", async () => {
    const { sub, user } = await createUser(api, { phoneNumber: "+4915112345678", bio: "Stays" });
    const reply = await patch(sub, { phoneNumber: null });
    expectJson(reply, 200);
    expect(reply.json).not.toHaveProperty("phoneNumber");
    expect(reply.json).toMatchObject({ bio: "Stays", username: user.username, version: 2 });
    expect(await readUser(api, sub)).toEqual(reply.json);
  });

  it("refuses null on each required field with a 400 naming it, and changes nothing", async () => {
    const { sub, user } = await createUser(api);
    const reply = await patch(sub, {
      username: null,
      firstName: null,
      lastName: null,
      email: null,
      bio: "x",
    });
    expectFieldErrors(reply, ["username", "firstName", "lastName", "email"]);
    expect(await readUser(api, sub)).toEqual(user);
  });

  it("returns the current item unchanged for an empty patch", async () => {
    const { sub, user, etag } = await createUser(api);
    const reply = await patch(sub, {});
    expectJson(reply, 200);
    expect(tagOf(reply)).toBe(etag);
    expect(reply.json).toEqual(user);
    expect(await readUser(api, sub)).toEqual(user);
  });

  it("names read-only fields, storage attributes and unknown fields with a 400 and changes nothing", async () => {
    const { sub, user } = await createUser(api);
    const reply = await patch(sub, {
      bio: "fine",
      userId: "mallory",
      avatar: { key: "k", contentType: "image/png", size: 1, updatedAt: "2024-01-01T00:00:00Z" },
      createdAt: "2000-01-01T00:00:00.000Z",
      updatedAt: "2000-01-01T00:00:00.000Z",
      version: 42,
      PK: "USER#mallory",
      SK: "PROFILE",
      GSI1PK: "TYPE#USER",
      GSI1SK: "x",
      role: "admin",
    });
    expectFieldErrors(reply, [
      "userId",
      "avatar",
      "createdAt",
      "updatedAt",
      "version",
      "PK",
      "SK",
      "GSI1PK",
      "GSI1SK",
      "role",
    ]);
    expect(await readUser(api, sub)).toEqual(user);
  });

  it("lets an admin patch any user's profile, username included", async () => {
    const { sub, body } = await createUser(api);
    const renamed = unique("renamed");
    const reply = await patch(
      unique("root"),
      { username: renamed, bio: "by admin" },
      {
        path: `/users/${sub}`,
        scope: admin,
      },
    );
    expectJson(reply, 200);
    expect(reply.json).toMatchObject({ userId: sub, username: renamed, bio: "by admin", version: 2 });
    expect(await readUser(api, sub)).toEqual(reply.json);
    expect(await usernameIsFree(api, body.username)).toBe(true);
    expect(await usernameIsFree(api, renamed)).toBe(false);
  });

  it("answers a 404 problem when the profile does not exist, and creates nothing", async () => {
    const sub = unique("nobody");
    const username = unique("ghost");
    expectProblem(await patch(sub, { username, bio: "x" }), 404);
    expectProblem(await patch(sub, { bio: "x" }), 404);
    expectProblem(await patch(sub, {}), 404);
    expect(await readUser(api, sub)).toBeUndefined();
    expect(await usernameIsFree(api, username)).toBe(true);
  });

  it("lets a user change their username and then take the old one back", async () => {
    const { sub, body } = await createUser(api);
    const renamed = unique("renamed");
    expectJson(await patch(sub, { username: renamed }), 200);
    const back = await patch(sub, { username: body.username });
    expectJson(back, 200);
    expect(back.json).toMatchObject({ username: body.username, version: 3 });
    expect(await usernameIsFree(api, renamed)).toBe(true);
    expect(await usernameIsFree(api, body.username)).toBe(false);
  });

  it("accepts a base64-encoded JSON body exactly like a plain one", async () => {
    const { sub } = await createUser(api, { bio: "Before" });
    const encoded = Buffer.from(JSON.stringify({ bio: null, lastName: "Ångström" })).toString("base64");
    const reply = await patch(sub, encoded, { isBase64Encoded: true });
    expectJson(reply, 200);
    expect(reply.json).toMatchObject({ lastName: "Ångström", version: 2 });
    expect(reply.json).not.toHaveProperty("bio");
  });
});

describe("PATCH /users/{userId} under concurrency", () => {
  it("never loses a concurrent change to another field", async () => {
    const { sub } = await createUser(api);
    const changes = [
      { firstName: "Concurrent" },
      { lastName: "Writers" },
      { email: "both@example.com" },
      { phoneNumber: "+3312345678" },
      { bio: "all kept" },
    ];
    const replies = await Promise.all(changes.map((change) => patch(sub, change)));
    for (const reply of replies) expectJson(reply, 200);
    expect(await readUser(api, sub)).toMatchObject({ ...Object.assign({}, ...changes), version: 6 });
  });

  it("lets exactly one of 10 users rename to the same free username, and the others keep theirs", async () => {
    const users = await Promise.all(Array.from({ length: 10 }, () => createUser(api)));
    const wanted = unique("wanted");
    const replies = await Promise.all(users.map(({ sub }) => patch(sub, { username: wanted })));
    expect(replies.filter((reply) => reply.status === 200)).toHaveLength(1);
    for (const reply of replies.filter((r) => r.status !== 200)) expectProblem(reply, 409);
    for (const [index, { sub, body }] of users.entries()) {
      const winner = replies[index]?.status === 200;
      expect((await readUser(api, sub))?.username).toBe(winner ? wanted : body.username);
      expect(await usernameIsFree(api, body.username)).toBe(winner);
    }
  });

  it("applies concurrent username changes without If-Match one after another, never answering 412", async () => {
    const { sub, body } = await createUser(api);
    const names = Array.from({ length: 8 }, () => unique("concurrent"));
    const replies = await Promise.all(names.map((username) => patch(sub, { username })));
    // No If-Match was sent, so no precondition can fail: each write is unconditional (RFC 9110 §15.5.13).
    expect(replies.map((reply) => reply.status)).toEqual(names.map(() => 200));
    const final = await readUser(api, sub);
    expect(names).toContain(final?.username);
    expect(final?.version).toBe(1 + names.length);
    expect(await usernameIsFree(api, body.username)).toBe(true);
  });

  it("leaves exactly one username claim after concurrent changes by the same user", async () => {
    const { sub, body } = await createUser(api);
    const names = [unique("first"), unique("second"), unique("third")];
    await Promise.all(names.map((username) => patch(sub, { username })));
    const final = (await readUser(api, sub))?.username as string;
    expect([body.username, ...names]).toContain(final);
    for (const name of [body.username, ...names]) {
      expect(await usernameIsFree(api, name), name).toBe(name !== final);
    }
  });
});
