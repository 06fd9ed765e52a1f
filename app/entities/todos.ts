/** SwiftyPlanner todos: many per user, newest first, with file attachments (schema in `zod/mini`, see users.ts). */
import { defineEntity } from "portico/model";
import * as z from "zod/mini";
import { users } from "./users.js";

export const todos = defineEntity({
  name: "todo",
  collection: "todos",
  idParam: "todoId",
  id: "generated",
  parent: users,
  key: { pk: "USER#{userId}", sk: "TODO#{todoId}" },
  schema: z.object({
    title: z.string().check(z.minLength(1), z.maxLength(200)),
    notes: z.optional(z.string().check(z.maxLength(5000))),
    done: z._default(z.boolean(), false),
    dueAt: z.optional(z.nullable(z.iso.datetime({ offset: true }))),
  }),
  filters: ["done"],
  idempotentCreate: true,
  operations: {
    create: "owner",
    list: "ownerOrAdmin",
    get: "ownerOrAdmin",
    replace: "owner",
    patch: "owner",
    delete: "owner",
  },
  files: {
    attachments: {
      multiple: true,
      contentTypes: ["image/jpeg", "image/png", "image/webp", "image/heic", "application/pdf"],
      maxBytes: 20 * 1024 * 1024,
    },
  },
});
