/**
 * Entities for the unit tests (store, model, access, validation), deliberately not the example app's:
 * the store is generic. Under test/, so they are not published with src/.
 * An `account` (one per caller, unique `handle`, listed globally) owns `notes` (generated ids,
 * idempotent create, filterable `pinned`).
 */
import * as z from "zod";
import { defineApp, defineEntity, type Entity, type EntityOptions } from "../../src/model/index.js";

/**
 * A test entity named `name`, served at `${name}s` with the id parameter `${name}Id` unless
 * `options` say otherwise, so that a test writes only what it is about.
 */
export function testEntity<Shape extends z.ZodRawShape>(
  name: string,
  options: Omit<EntityOptions<Shape>, "name" | "collection" | "idParam"> &
    Partial<Pick<EntityOptions<Shape>, "collection" | "idParam">>,
): Entity<Shape> {
  return defineEntity({ name, collection: `${name}s`, idParam: `${name}Id`, ...options });
}

export const accounts = testEntity("account", {
  id: "subject",
  key: { pk: "ACCOUNT#{accountId}", sk: "PROFILE" },
  schema: z.object({
    handle: z.string().min(3),
    name: z.string(),
    bio: z.string().optional(),
  }),
  unique: ["handle"],
  listing: "global",
  operations: {
    create: "authenticated",
    list: "admin",
    get: "ownerOrAdmin",
    patch: "owner",
    delete: "owner",
  },
  files: { picture: { multiple: false, contentTypes: ["image/png", "image/jpeg"], maxBytes: 1024 * 1024 } },
});

/** An account's notes, with the file slots `files` gives them. */
function notesWith(files: NonNullable<EntityOptions<z.ZodRawShape>["files"]>) {
  return testEntity("note", {
    id: "generated",
    parent: accounts,
    key: { pk: "ACCOUNT#{accountId}", sk: "NOTE#{noteId}" },
    schema: z.object({
      text: z.string().min(1),
      pinned: z.boolean().default(false),
      remindAt: z.string().nullable().optional(),
    }),
    filters: ["pinned"],
    idempotentCreate: true,
    operations: {
      create: "owner",
      list: "ownerOrAdmin",
      get: "ownerOrAdmin",
      replace: "owner",
      patch: "owner",
      delete: "owner",
    },
    files,
  });
}

export const notes = notesWith({});

/** Notes owned by their creator (`authorId`, from the token), in one partition per creator. */
export const creatorNotes = testEntity("note", {
  id: "generated",
  creator: "authorId",
  key: { pk: "AUTHOR#{authorId}", sk: "NOTE#{noteId}" },
  schema: z.object({ text: z.string().min(1) }),
  operations: { create: "owner", list: "owner", get: "owner", delete: "owner" },
});

/** A creator's note's checklist: in the creator's partition, under the note's sort key. */
export const creatorChecks = testEntity("check", {
  id: "generated",
  parent: creatorNotes,
  key: { pk: "AUTHOR#{authorId}", sk: "NOTE#{noteId}#CHECK#{checkId}" },
  schema: z.object({ text: z.string().min(1) }),
  operations: { create: "owner", list: "owner", delete: "owner" },
});

/** `notes` with attachments: a slot of many files on an entity under a parent. */
export const attachedNotes = notesWith({
  attachments: { multiple: true, contentTypes: ["image/png", "application/pdf"], maxBytes: 2 * 1024 * 1024 },
});

const testAppOptions = {
  name: "store-test",
  api: { stage: "v1" },
  auth: { audience: ["test"], adminScope: "test/admin" },
  entities: [accounts, notes],
};

export const testApp = defineApp(testAppOptions);

/** The test app with `attachedNotes`: both kinds of file slot, one file and many. */
export const filesTestApp = defineApp({ ...testAppOptions, entities: [accounts, attachedNotes] });

/** The test app deployed to two stages, `dev` and `prod` (production), for the CLI's commands. */
export const deployedTestApp = defineApp({
  ...testAppOptions,
  deploy: { stages: { dev: {}, prod: { production: true } } },
});

export const fixedNow = new Date("2026-01-02T03:04:05.678Z");

/** Account `a1` (handle `ada`) as the table holds it, at version 4 of incarnation `inc1` unless told otherwise. */
export function storedAccount(overrides: { readonly version?: number } = {}) {
  return {
    PK: "ACCOUNT#a1",
    SK: "PROFILE",
    accountId: "a1",
    handle: "ada",
    name: "Ada",
    createdAt: "2026-01-01T00:00:00.000Z",
    updatedAt: "2026-01-01T00:00:00.000Z",
    version: 4,
    INCARNATION: "inc1",
    ...overrides,
  };
}

/** What releases `storedAccount()`'s claim on the handle `ada` in a transaction on table `T`: only its holder may. */
export const releaseOfAdaHandle = {
  Delete: {
    TableName: "T",
    Key: { PK: "UNIQUE#ACCOUNT#HANDLE#ada", SK: "UNIQUE#ACCOUNT#HANDLE" },
    ConditionExpression: "#claimedBy = :holder",
    ExpressionAttributeNames: { "#claimedBy": "claimedBy" },
    ExpressionAttributeValues: { ":holder": "ACCOUNT#a1|PROFILE" },
  },
};
