/** What every screen is given: the settings, the typed API client, the notices and the session. */
import type { Client } from "portico/client";
import type { components, paths } from "../../app/client/schema.js";
import type { WebConfig } from "./config.js";
import type { Notices } from "./notices.js";
import type { Session } from "./session.js";

export type User = components["schemas"]["User"];
export type Todo = components["schemas"]["Todo"];

export interface AppContext {
  readonly config: WebConfig;
  readonly api: Client<paths>;
  readonly notices: Notices;
  readonly session: Session;
  /** Tells the person what went wrong; an expired or refused token signs out. */
  fail(error: unknown): void;
  /** Shows the screen the session is at: the profile to create, or the profile and todos. */
  route(): Promise<void>;
}

/** `me` stands for the caller in any `{userId}` (API.md). */
export const me = { path: { userId: "me" } } as const;
