/**
 * DynamoDB requests per users route (API.md, Users; DESIGN: one request per plain CRUD call, but the
 * admin list, which reads each of its index shards once). In process only: the calls are counted on
 * the handlers' own client, which the gateway's workers hide.
 */
import { describe, expect, it } from "vitest";
import { app } from "../../app/portico.config.js";
import type { Reply } from "../support/api.js";
import { useTestApi } from "../support/use-test-api.js";
import { admin, createUser, expectJson, unique, userBody } from "./users-helpers.js";

const { api } = useTestApi(app);

/** The DynamoDB commands `send` made, after checking its reply has `status`. */
async function commandsOf(send: () => Promise<Reply>, status: number): Promise<string[]> {
  api.sdkCalls.length = 0;
  expectJson(await send(), status);
  return [...api.sdkCalls];
}

describe("DynamoDB requests per users route", () => {
  it("creates a user with exactly one TransactWriteItems", async () => {
    const send = () => api.call({ method: "POST", path: "/users", as: unique("sub"), body: userBody() });
    expect(await commandsOf(send, 201)).toEqual(["TransactWriteItemsCommand"]);
  });

  it("reads a user with exactly one GetItem", async () => {
    const { sub } = await createUser(api);
    const send = () => api.call({ method: "GET", path: "/users/me", as: sub });
    expect(await commandsOf(send, 200)).toEqual(["GetItemCommand"]);
  });

  it("lists users with exactly one Query per index shard, no index partition taking every sign-up", async () => {
    await createUser(api);
    const send = () => api.call({ method: "GET", path: "/users?limit=5", as: unique("root"), scope: admin });
    const [users] = app.entities;
    expect(users?.shards).toBe(4);
    expect(await commandsOf(send, 200)).toEqual(Array(4).fill("QueryCommand"));
  });

  it("patches without a username change in exactly one UpdateItem", async () => {
    const { sub, body } = await createUser(api);
    for (const change of [
      { bio: "one" },
      { username: body.username, lastName: "Same" },
      { phoneNumber: null },
    ]) {
      const send = () => api.call({ method: "PATCH", path: "/users/me", as: sub, body: change });
      expect(await commandsOf(send, 200)).toEqual(["UpdateItemCommand"]);
    }
  });

  it("replaces with an unchanged username in exactly one UpdateItem", async () => {
    const { sub, body } = await createUser(api);
    const send = () =>
      api.call({ method: "PUT", path: "/users/me", as: sub, body: { ...body, lastName: "Byron" } });
    expect(await commandsOf(send, 200)).toEqual(["UpdateItemCommand"]);
  });

  it.each(["PUT", "PATCH"] as const)(
    "moves the username on %s in exactly two requests: the refused update, then one transaction",
    async (method) => {
      const { sub, body } = await createUser(api);
      const username = unique("renamed");
      const change = method === "PUT" ? { ...body, username } : { username };
      const send = () => api.call({ method, path: "/users/me", as: sub, body: change });
      expect(await commandsOf(send, 200)).toEqual(["UpdateItemCommand", "TransactWriteItemsCommand"]);
    },
  );
});
