/** The profiles API over real HTTP, on the local twin (the same gateway and functions as `npm start`). */
import { type LocalStack, startLocalStack } from "portico/local";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { app } from "../app/portico.config.js";

let stack: LocalStack;

beforeAll(async () => {
  stack = await startLocalStack({ app });
});

afterAll(async () => {
  await stack?.stop();
});

/** A request to the API with the caller's token (and a JSON body, when given). */
function call(
  path: string,
  token: string,
  init: { method?: string; body?: unknown } = {},
): Promise<Response> {
  return fetch(`${stack.apiUrl}${path}`, {
    method: init.method ?? "GET",
    headers: {
      authorization: `Bearer ${token}`,
      ...(init.body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
}

describe("profiles", () => {
  it("creates the caller's profile and reads it back as /profiles/me", async () => {
    const alice = await stack.token("alice");
    const created = await call("/profiles", alice, { method: "POST", body: { displayName: "Alice" } });
    expect(created.status).toBe(201);
    const read = await call("/profiles/me", alice);
    expect(read.status).toBe(200);
    expect(await read.json()).toMatchObject({ profileId: "alice", displayName: "Alice" });
  });

  it("lists every profile for an admin only", async () => {
    const bob = await stack.token("bob");
    expect((await call("/profiles", bob, { method: "POST", body: { displayName: "Bob" } })).status).toBe(201);
    expect((await call("/profiles", bob)).status).toBe(403);
    const admin = await stack.token("admin", { scope: app.auth.adminScope });
    const listed = await call("/profiles", admin);
    expect(listed.status).toBe(200);
    const { items } = (await listed.json()) as { items: { profileId: string }[] };
    expect(items.map((item) => item.profileId).sort()).toEqual(["alice", "bob"]);
  });

  it("refuses a request without a token with 401", async () => {
    const response = await fetch(`${stack.apiUrl}/profiles/me`);
    expect(response.status).toBe(401);
  });
});
