/** SwiftyPlanner users: one profile per token `sub`, with a unique username and an avatar. */
import { defineEntity } from "portico/model";
import * as z from "zod";

export const users = defineEntity({
  name: "user",
  collection: "users",
  idParam: "userId",
  id: "subject",
  key: { pk: "USER#{userId}", sk: "PROFILE" },
  schema: z.object({
    username: z.string().regex(/^[a-z0-9_]{3,30}$/, "must be 3–30 lowercase letters, digits or underscores"),
    firstName: z.string().min(1).max(100),
    lastName: z.string().min(1).max(100),
    email: z.email().max(254),
    phoneNumber: z
      .string()
      .regex(/^\+[0-9]{8,15}$/, "must be E.164: '+' then 8–15 digits")
      .optional(),
    bio: z.string().max(1000).optional(),
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
