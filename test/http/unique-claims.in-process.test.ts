/**
 * Unique values are unique per entity: two entities that each declare a unique `email` never
 * block each other, while within one entity a taken value is still a 409.
 */
import { defineApp, defineEntity } from "portico/model";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { useTestApi } from "../support/use-test-api.js";

const profile = (name: string, collection: string) =>
  defineEntity({
    name,
    collection,
    idParam: `${name}Id`,
    id: "subject",
    key: { pk: `${name.toUpperCase()}#{${name}Id}`, sk: "PROFILE" },
    schema: z.object({ email: z.string() }),
    unique: ["email"],
    operations: { create: "authenticated", get: "owner", patch: "owner", delete: "owner" },
  });

const app = defineApp({
  name: "unique-claims",
  api: { stage: "v1" },
  auth: { audience: ["test"], adminScope: "test/admin" },
  entities: [profile("member", "members"), profile("guest", "guests")],
});

const { api } = useTestApi(app);

describe("a unique field of the same name in two entities", () => {
  it("the same value is accepted once in each entity", async () => {
    const email = { email: "ada@example.com" };
    expect((await api.call({ method: "POST", path: "/members", as: "ada", body: email })).status).toBe(201);
    expect((await api.call({ method: "POST", path: "/guests", as: "ada", body: email })).status).toBe(201);
    const other = await api.call({ method: "POST", path: "/members", as: "bob", body: email });
    expect(other.status).toBe(409);
  });

  it("changing or deleting one entity's value leaves the other entity's claim alone", async () => {
    const email = { email: "cy@example.com" };
    await api.call({ method: "POST", path: "/members", as: "cy", body: email });
    await api.call({ method: "POST", path: "/guests", as: "cy", body: email });
    const patched = await api.call({
      method: "PATCH",
      path: "/members/cy",
      as: "cy",
      headers: { "content-type": "application/merge-patch+json" },
      body: { email: "cy@elsewhere.example" },
    });
    expect(patched.status).toBe(200);
    expect((await api.call({ method: "DELETE", path: "/guests/cy", as: "cy" })).status).toBe(204);
    // The guest's claim went with the guest; another member still cannot take the member's new one.
    expect((await api.call({ method: "POST", path: "/guests", as: "dee", body: email })).status).toBe(201);
    const taken = await api.call({
      method: "POST",
      path: "/members",
      as: "dee",
      body: { email: "cy@elsewhere.example" },
    });
    expect(taken.status).toBe(409);
  });
});
