import { describe, expect, it } from "vitest";
import { z } from "zod";
import { expectRefused } from "../../test/support/refusals.js";
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
    expectRefused(
      () => profile({ unique: ["mail" as "email"] }),
      'Entity "member" lists "mail" in unique, but its schema has no such field (fields: email, archived): ' +
        "add it to the schema or remove it from unique.",
    );
  });

  it("a filter the schema does not have", () => {
    expectRefused(
      () => profile({ filters: ["done" as "archived"] }),
      /lists "done" in filters, but its schema has no such field .*remove it from filters\./,
    );
  });

  it("a key that does not name the entity's own id, so every item would share one key", () => {
    expectRefused(
      () => profile({ key: { pk: "MEMBER", sk: "PROFILE" } }),
      /does not use \{memberId\}, so every member would have the same key .*put \{memberId\} in the pk or sk\./,
    );
  });

  it("a root entity listed by partition, which would query a literal partition and find nothing", () => {
    expectRefused(
      () => profile({ operations: { list: "admin" } }),
      'Entity "member" has no parent, so a "partition" list would query the literal partition "MEMBER#" ' +
        'and find nothing: set listing: "global" to list every member from the index, or remove the list operation.',
    );
    expect(profile({ operations: { list: "admin" }, listing: "global" }).listing).toBe("global");
  });

  it("a key that starts with, or could start with, a prefix the store keeps its own items under", () => {
    expectRefused(
      () => profile({ key: { pk: "UNIQUE#{memberId}", sk: "PROFILE" } }),
      'Entity "member" has pk "UNIQUE#{memberId}", which starts with "UNIQUE#", the store\'s prefix for its ' +
        'unique-value claims: begin the pk with a literal of its own, like "MEMBER#".',
    );
    expectRefused(
      () => profile({ key: { pk: "{memberId}", sk: "PROFILE" } }),
      /has pk "\{memberId\}", which could start with "UNIQUE#", the store's prefix for its unique-value claims/,
    );
    expectRefused(
      () => profile({ key: { pk: "MEMBER#{memberId}", sk: "IDEMP#PROFILE" } }),
      /has sk "IDEMP#PROFILE", which starts with "IDEMP#", the store's prefix for its idempotency records/,
    );
    expectRefused(
      () => profile({ key: { pk: "MEMBER#{memberId}", sk: "ID{memberId}" } }),
      /has sk "ID\{memberId\}", which could start with "IDEMP#"/,
    );
    // Only the key each kind lives in is reserved, and only a prefix that could become one.
    expect(profile({ key: { pk: "MEMBER#{memberId}", sk: "UNIQUE#PROFILE" } }).keys.sk.template).toBe(
      "UNIQUE#PROFILE",
    );
    expect(profile({ key: { pk: "IDEMPOTENT#{memberId}", sk: "IDEMP" } }).keys.pk.prefix).toBe("IDEMPOTENT#");
  });

  it('a name with a "#", which could read as another entity\'s in claims and list partitions', () => {
    expectRefused(
      () => profile({ name: "member#email" }),
      /Entity "member#email" has a "#" in its name, .*: remove the "#"\./,
    );
  });

  it("a unique field whose values are not all strings, since only strings can be claimed", () => {
    expectRefused(
      () => profile({ unique: ["archived"] }),
      'Entity "member" lists "archived" in unique, but its schema allows values other than strings, and only ' +
        'string values can be claimed: make "archived" a string (z.string(), a string enum) or remove it from unique.',
    );
    const withSchema = <Shape extends z.ZodRawShape>(shape: Shape, unique: (keyof Shape & string)[]) =>
      defineEntity({
        name: "member",
        collection: "members",
        idParam: "memberId",
        id: "subject",
        key: { pk: "MEMBER#{memberId}", sk: "PROFILE" },
        schema: z.object(shape),
        unique,
        operations: { get: "owner" },
      });
    for (const refused of [
      z.number(),
      z.string().transform(Number),
      z.union([z.string(), z.number()]),
      z.literal(1),
    ]) {
      expectRefused(
        () => withSchema({ code: refused }, ["code"]),
        /lists "code" in unique, but its schema allows/,
      );
    }
    const strings = {
      email: z.email(),
      handle: z.string().min(3).optional(),
      nickname: z.string().nullable().default(null),
      plan: z.enum(["free", "paid"]),
      tag: z.literal("a"),
      slug: z.string().trim().pipe(z.string().max(10)),
    };
    const accepted = withSchema(strings, ["email", "handle", "nickname", "plan", "tag", "slug"]);
    expect(accepted.unique).toEqual(Object.keys(strings));
  });

  it.each([
    [
      "a slot name that is no path segment",
      { "my avatar": { multiple: false, contentTypes: ["image/png"], maxBytes: 1 } },
      /path segment/,
    ],
    [
      "no content type",
      { avatar: { multiple: false, contentTypes: [], maxBytes: 1 } },
      /allows no content type/,
    ],
    [
      "a malformed content type",
      { avatar: { multiple: false, contentTypes: ["PNG"], maxBytes: 1 } },
      /allows "PNG"/,
    ],
    [
      "a content type the recorder cannot check",
      { avatar: { multiple: false, contentTypes: ["image/gif"], maxBytes: 1 } },
      /cannot check/,
    ],
    [
      "a size S3 cannot take in one POST",
      { avatar: { multiple: false, contentTypes: ["image/png"], maxBytes: 6 * 1024 ** 3 } },
      /S3's largest POST/,
    ],
    [
      "a list with room for no file",
      { photos: { multiple: true, contentTypes: ["image/png"], maxBytes: 1, maxFiles: 0 } },
      /maxFiles 0/,
    ],
  ] as const)("a file slot with %s", (_, files, message) => {
    expectRefused(() => profile({ files }), message);
  });

  it("files on an entity whose id parameter is the file id's placeholder", () => {
    expectRefused(
      () =>
        defineEntity({
          name: "thing",
          collection: "things",
          idParam: "fileId",
          id: "subject",
          key: { pk: "THING#{fileId}", sk: "THING" },
          schema,
          operations: { get: "owner" },
          files: { avatar: { multiple: false, contentTypes: ["image/png"], maxBytes: 1 } },
        }),
      /id parameter named "fileId"/,
    );
  });

  it("two entities of one name (ignoring case), which would share claims and list partitions", () => {
    const auth = { audience: ["test"], adminScope: "test/admin" };
    const twin = profile({ name: "Account", collection: "members" });
    expectRefused(
      () => defineApp({ name: "twins", api: { stage: "v1" }, auth, entities: [accounts, twin] }),
      /Entities "account" and "Account" have the same name .*give each entity its own name\./,
    );
  });
});

describe("creator-owned entities that cannot work are refused when declared", () => {
  const owned = {
    id: "generated",
    creator: "ownerId",
    key: { pk: "OWNER#{ownerId}", sk: "MEMBER#{memberId}" },
  } as const;
  const allOwner = { create: "owner", list: "owner", get: "owner" } as const;

  it("accepts a root with a generated id whose pk holds only the creator, every operation the owner's", () => {
    const members = profile({ ...owned, operations: allOwner });
    expect([members.owned, members.creator, members.ownerParam]).toEqual([true, "ownerId", "ownerId"]);
    expect(members.pathParams).toEqual(["memberId"]);
  });

  it("refuses a creator on a subject-keyed root or on a child", () => {
    expectRefused(
      () => profile({ creator: "ownerId", key: { pk: "OWNER#{ownerId}", sk: "M#{memberId}" } }),
      /names a creator, but only a root entity with id: "generated" is owned by its creator \(id: "subject" is already/,
    );
    const root = profile({ ...owned, operations: allOwner });
    expectRefused(
      () =>
        defineEntity({
          name: "child",
          collection: "children",
          idParam: "childId",
          id: "generated",
          parent: root,
          creator: "makerId",
          key: { pk: "OWNER#{ownerId}", sk: "MEMBER#{memberId}#CHILD#{childId}" },
          schema: z.object({}),
          operations: {},
        }),
      /a child is owned through its parent\): remove creator\.$/,
    );
  });

  it("refuses a pk that holds another id, a global listing, and any access but the owner's", () => {
    expectRefused(
      () => profile({ ...owned, key: { pk: "OWNER#{ownerId}#{memberId}", sk: "M" }, operations: allOwner }),
      'Entity "member" is owned by its creator, so its pk must hold {ownerId} and no other id ("OWNER#{ownerId}#{memberId}" does not): use a pk like "OWNER#{ownerId}" and put {memberId} in the sk.',
    );
    expectRefused(
      () => profile({ ...owned, listing: "global", operations: allOwner }),
      /listing: "global" would list every caller's items/,
    );
    expectRefused(
      () => profile({ ...owned, operations: { create: "owner", get: "ownerOrAdmin" } }),
      /allows "ownerOrAdmin" access, but its items are reached only by their creator/,
    );
  });

  it("refuses a creator named like the id, a metadata field or not as a field", () => {
    for (const creator of ["memberId", "version", "Owner-Id"]) {
      expectRefused(
        () =>
          profile({
            ...owned,
            creator,
            key: { pk: `OWNER#{${creator}}`, sk: "MEMBER#{memberId}" },
            operations: allOwner,
          }),
        /has creator ".*": name a field of its own/,
      );
    }
  });

  it("refuses children that would mix with their parent's siblings in the creator's partition", () => {
    const root = profile({ ...owned, operations: allOwner });
    const child =
      (sk: string, filters: "done"[] = []) =>
      () =>
        defineApp({
          name: "creator-tasks",
          api: { stage: "v1" },
          auth: { audience: ["a"], adminScope: "a/admin" },
          entities: [
            root,
            defineEntity({
              name: "task",
              collection: "tasks",
              idParam: "taskId",
              id: "generated",
              parent: root,
              key: { pk: "OWNER#{ownerId}", sk },
              schema: z.object({ done: z.boolean() }),
              filters,
              operations: { list: "owner" },
            }),
          ],
        });
    expectRefused(
      child("TASK#{memberId}#{taskId}"),
      /so a child's sk must start with the parent's: use an sk like "MEMBER#\{memberId\}#TASK#\{…\}"\.$/,
    );
    expectRefused(
      child("MEMBER#{memberId}#TASK#{taskId}", ["done"]),
      /a filter's index partition would mix their tasks: remove filters\.$/,
    );
    expect(child("MEMBER#{memberId}#TASK#{taskId}")).not.toThrow();
  });
});
