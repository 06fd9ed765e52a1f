/**
 * The app: its API, its auth and its entities, in one definition. `npm start` serves it offline,
 * `npm run synth` builds its AWS stack, `npm run deploy -- --stage dev` deploys it. After adding an
 * entity or a route, `npx portico init` is not needed again: write the new function entries under
 * `app/functions/` (one line each, as the existing ones).
 */
import { defineApp, defineEntity } from "portico/model";
import * as z from "zod/mini";

/** One profile per caller, keyed by the token's `sub`: the caller creates, reads and edits its own. */
export const profiles = defineEntity({
  name: "profile",
  collection: "profiles",
  idParam: "profileId",
  id: "subject",
  key: { pk: "PROFILE#{profileId}", sk: "PROFILE" },
  schema: z.object({
    displayName: z.string().check(z.minLength(1), z.maxLength(100)),
    bio: z.optional(z.string().check(z.maxLength(1000))),
  }),
  // Every profile, for an admin: `GET /profiles` with the admin scope.
  listing: "global",
  operations: {
    create: "authenticated",
    list: "admin",
    get: "ownerOrAdmin",
    replace: "ownerOrAdmin",
    patch: "ownerOrAdmin",
    delete: "ownerOrAdmin",
  },
});

export const app = defineApp({
  name: "my-portico-app",
  api: { stage: "v1" },
  auth: {
    audience: ["my-portico-app"],
    adminScope: "my-portico-app/admin",
  },
  entities: [profiles],
  deploy: {
    stages: {
      dev: {},
      prod: { production: true },
    },
  },
});

export default app;
