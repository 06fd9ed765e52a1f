/** HTTP contract of `PUT /users/{userId}` (API.md, Users): a full replace of the writable fields. */
import { describe, expect, it } from "vitest";
import { app } from "../../app/portico.config.js";
import { newTagOf } from "../support/etags.js";
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
  userBody,
  usernameIsFree,
} from "./users-helpers.js";

const { api, expectProblem, expectFieldErrors } = useTestApi(app);

const put = profileWrite(api, "PUT");

describe("PUT /users/{userId}", () => {
  it("replaces the writable fields, adds one to the version and keeps createdAt", async () => {
    const { sub, user, body, etag } = await createUser(api, { phoneNumber: "+12025550123", bio: "Before" });
    const replacement = {
      username: body.username,
      firstName: "Grace",
      lastName: "Hopper",
      email: "grace@example.com",
      phoneNumber: "+12025550199",
      bio: "After",
    };
    const reply = await put(sub, replacement);
    expectJson(reply, 200);
    expect(newTagOf(reply, [etag])).toBe(await currentTag(api, sub));
    expectUserShape(reply.json);
    expect(reply.json).toEqual({
      ...replacement,
      userId: sub,
      avatar: null,
      createdAt: user.createdAt,
      updatedAt: reply.json.updatedAt,
      version: 2,
    });
    expect(reply.json.updatedAt >= (user.updatedAt as string)).toBe(true);
    expect(await readUser(api, sub)).toEqual(reply.json);
  });

  it("removes the optional fields the replacement omits", async () => {
    const { sub, body } = await createUser(api, { phoneNumber: "+12025550123", bio: "Before" });
    const { phoneNumber: _phone, bio: _bio, ...required } = body;
    const reply = await put(sub, required);
    expectJson(reply, 200);
    expect(reply.json).not.toHaveProperty("phoneNumber");
    expect(reply.json).not.toHaveProperty("bio");
    expect(reply.json).toMatchObject({ ...required, version: 2 });
    expect(await readUser(api, sub)).toEqual(reply.json);
  });

  it("names each missing required field with a 400 and changes nothing", async () => {
    const { sub, user } = await createUser(api);
    expectFieldErrors(await put(sub, { firstName: "Only" }), ["username", "lastName", "email"]);
    expectFieldErrors(await put(sub, {}), ["username", "firstName", "lastName", "email"]);
    expect(await readUser(api, sub)).toEqual(user);
  });

  it("names read-only fields, storage attributes and unknown fields with a 400 and changes nothing", async () => {
    const { sub, user, body } = await createUser(api);
    const reply = await put(sub, {
      ...body,
      userId: "mallory",
      avatar: null,
      createdAt: "2000-01-01T00:00:00.000Z",
      updatedAt: "2000-01-01T00:00:00.000Z",
      version: 1,
      PK: "USER#mallory",
      SK: "PROFILE",
      GSI1PK: "TYPE#USER",
      GSI1SK: "x",
      isAdmin: true,
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
      "isAdmin",
    ]);
    expect(await readUser(api, sub)).toEqual(user);
  });

  it("lets an admin replace any user's profile", async () => {
    const { sub, body } = await createUser(api, { bio: "Before" });
    const { bio: _bio, ...rest } = body;
    const reply = await put(
      unique("root"),
      { ...rest, firstName: "Edited" },
      { path: `/users/${sub}`, scope: admin },
    );
    expectJson(reply, 200);
    expect(reply.json).toMatchObject({ userId: sub, firstName: "Edited", version: 2 });
    expect(reply.json).not.toHaveProperty("bio");
    expect(await readUser(api, sub)).toEqual(reply.json);
  });

  it("answers a 404 problem when the profile does not exist, and creates nothing", async () => {
    const sub = unique("nobody");
    const body = userBody();
    expectProblem(await put(sub, body), 404);
    expect(await readUser(api, sub)).toBeUndefined();
    expect(await usernameIsFree(api, body.username)).toBe(true);
  });

  it("accepts a base64-encoded JSON body exactly like a plain one", async () => {
    const { sub, body } = await createUser(api);
    const replacement = { ...body, bio: "Grüße 👋" };
    const encoded = Buffer.from(JSON.stringify(replacement)).toString("base64");
    const reply = await put(sub, encoded, { isBase64Encoded: true });
    expectJson(reply, 200);
    expect(reply.json).toMatchObject({ ...replacement, version: 2 });
  });
});
