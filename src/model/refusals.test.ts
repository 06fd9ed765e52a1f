import { describe, expect, it } from "vitest";
import { z } from "zod";
import { accounts } from "../../test/support/store-entities.js";
import { defineApp } from "./define-app.js";
import { defineEntity, type EntityOptions } from "./define-entity.js";

const schema = z.object({ email: z.string(), archived: z.boolean() });

/** A root entity that works; each test changes one thing about it. */
function profile(changes: Partial<EntityOptions<typeof schema.shape>> = {}) {
  return defineEntity({
    name: "member",
    collection: "members",
    idParam: "memberId",
    id: "subject",
    key: { pk: "MEMBER#{memberId}", sk: "PROFILE" },
    schema,
    operations: { create: "authenticated", get: "owner" },
    ...changes,
  });
}

describe("definitions that cannot work are refused when declared", () => {
  it("accepts the working definition", () => {
    expect(profile({ unique: ["email"], filters: ["archived"] }).unique).toEqual(["email"]);
  });

  it("a unique field the schema does not have", () => {
    expect(() => profile({ unique: ["mail" as "email"] })).toThrow(
      'Entity "member" lists "mail" in unique, but its schema has no such field (fields: email, archived): ' +
        "add it to the schema or remove it from unique.",
    );
  });

  it("a filter the schema does not have", () => {
    expect(() => profile({ filters: ["done" as "archived"] })).toThrow(
      /lists "done" in filters, but its schema has no such field .*remove it from filters\./,
    );
  });

  it("a key that does not name the entity's own id, so every item would share one key", () => {
    expect(() => profile({ key: { pk: "MEMBER", sk: "PROFILE" } })).toThrow(
      /does not use \{memberId\}, so every member would have the same key .*put \{memberId\} in the pk or sk\./,
    );
  });

  it("a root entity listed by partition, which would query a literal partition and find nothing", () => {
    expect(() => profile({ operations: { list: "admin" } })).toThrow(
      'Entity "member" has no parent, so a "partition" list would query the literal partition "MEMBER#" ' +
        'and find nothing: set listing: "global" to list every member from the index, or remove the list operation.',
    );
    expect(profile({ operations: { list: "admin" }, listing: "global" }).listing).toBe("global");
  });

  it("two entities of one name (ignoring case), which would share claims and list partitions", () => {
    const auth = { audience: ["test"], adminScope: "test/admin" };
    const twin = profile({ name: "Account", collection: "members" });
    expect(() =>
      defineApp({ name: "twins", api: { stage: "v1" }, auth, entities: [accounts, twin] }),
    ).toThrow(/Entities "account" and "Account" have the same name .*give each entity its own name\./);
  });
});
