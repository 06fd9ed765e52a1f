/**
 * SwiftyPlanner users: one profile per token `sub`, with a unique username and an avatar. The schema
 * is written with `zod/mini`, whose functions a bundler keeps only when used: classic zod (`z.string()
 * .min(1)`) works the same, but brings about 90 KB more into every function bundle.
 */
import { defineEntity } from "portico/model";
import * as z from "zod/mini";

export const users = defineEntity({
  name: "user",
  collection: "users",
  idParam: "userId",
  id: "subject",
  key: { pk: "USER#{userId}", sk: "PROFILE" },
  schema: z.object({
    username: z
      .string()
      .check(z.regex(/^[a-z0-9_]{3,30}$/, "must be 3–30 lowercase letters, digits or underscores")),
    firstName: z.string().check(z.minLength(1), z.maxLength(100)),
    lastName: z.string().check(z.minLength(1), z.maxLength(100)),
    email: z.email().check(z.maxLength(254)),
    phoneNumber: z.optional(
      z.string().check(z.regex(/^\+[0-9]{8,15}$/, "must be E.164: '+' then 8–15 digits")),
    ),
    bio: z.optional(z.string().check(z.maxLength(1000))),
  }),
  unique: ["username"],
  listing: "global",
  operations: {
    create: "authenticated",
    list: "admin",
    get: "ownerOrAdmin",
    replace: "ownerOrAdmin",
    patch: "ownerOrAdmin",
    delete: "ownerOrAdmin",
  },
  files: {
    avatar: {
      multiple: false,
      contentTypes: ["image/jpeg", "image/png", "image/webp", "image/heic"],
      maxBytes: 5 * 1024 * 1024,
    },
  },
});
