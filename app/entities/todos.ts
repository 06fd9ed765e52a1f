/** SwiftyPlanner todos: many per user, newest first, with file attachments. */
import { defineEntity } from "portico/model";
import * as z from "zod";
import { users } from "./users.js";

export const todos = defineEntity({
  name: "todo",
  collection: "todos",
  idParam: "todoId",
  id: "generated",
  parent: users,
  key: { pk: "USER#{userId}", sk: "TODO#{todoId}" },
  schema: z.object({
    title: z.string().min(1).max(200),
    notes: z.string().max(5000).optional(),
    done: z.boolean().default(false),
    dueAt: z.iso.datetime({ offset: true }).nullable().optional(),
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
