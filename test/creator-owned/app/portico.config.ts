/**
 * A test-only app of creator-owned items: notes, keyed by their own generated id and owned by the
 * caller who creates them (`creator: "authorId"`), with a checklist under each note and images on
 * S3. Its suite proves that a caller reaches only their own: the creator comes from the token,
 * never from the path, so another caller's note is not found and a list is the caller's own.
 */
import { defineApp, defineEntity } from "portico/model";
import * as z from "zod/mini";

export const notes = defineEntity({
  name: "note",
  collection: "notes",
  idParam: "noteId",
  id: "generated",
  creator: "authorId",
  key: { pk: "AUTHOR#{authorId}", sk: "NOTE#{noteId}" },
  schema: z.object({
    title: z.string().check(z.minLength(1), z.maxLength(200)),
    pinned: z._default(z.boolean(), false),
  }),
  filters: ["pinned"],
  idempotentCreate: true,
  operations: { create: "owner", list: "owner", get: "owner", patch: "owner", delete: "owner" },
  files: {
    images: { multiple: true, contentTypes: ["image/png"], maxBytes: 1024 * 1024, maxFiles: 3 },
  },
});

export const checks = defineEntity({
  name: "check",
  collection: "checks",
  idParam: "checkId",
  id: "generated",
  parent: notes,
  key: { pk: "AUTHOR#{authorId}", sk: "NOTE#{noteId}#CHECK#{checkId}" },
  schema: z.object({ text: z.string().check(z.minLength(1)), done: z._default(z.boolean(), false) }),
  operations: { create: "owner", list: "owner", get: "owner", patch: "owner", delete: "owner" },
});

export const app = defineApp({
  name: "creator-notes",
  api: { stage: "v1" },
  auth: { audience: ["creator-notes"], adminScope: "creator-notes/admin" },
  entities: [notes, checks],
});

export default app;
