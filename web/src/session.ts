/**
 * The signed-in caller, kept in the tab's sessionStorage (not localStorage: it ends with the tab,
 * and other tabs of the origin do not share it), and the local twin's sign-in.
 */
import type { SignedIn } from "./auth/oidc.js";

export type Session = SignedIn;

const sessionKey = "portico.session";

/** The stored session, unless there is none or its token has expired. */
export function loadSession(storage: Storage = sessionStorage): Session | undefined {
  const stored = storage.getItem(sessionKey);
  if (stored === null) return undefined;
  try {
    const session = JSON.parse(stored) as Session;
    if (typeof session.accessToken === "string" && session.expiresAt > Date.now()) return session;
  } catch {
    // A damaged entry is as good as none.
  }
  storage.removeItem(sessionKey);
  return undefined;
}

export function saveSession(session: Session, storage: Storage = sessionStorage): Session {
  storage.setItem(sessionKey, JSON.stringify(session));
  return session;
}

export function clearSession(storage: Storage = sessionStorage): void {
  storage.removeItem(sessionKey);
}

/** A refusal of the local issuer, with its `error_description`. */
export class LocalSignInError extends Error {
  override readonly name = "LocalSignInError";
}

/**
 * Signs in with the local twin's issuer: `POST /_local/token` with `{"sub"}` as JSON (API.md,
 * Authentication). The name given becomes the caller's id.
 */
export async function localSignIn(tokenUrl: string, sub: string): Promise<Session> {
  const response = await fetch(tokenUrl, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ sub }),
  });
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok || typeof body.access_token !== "string") {
    const reason =
      typeof body.error_description === "string" ? body.error_description : `HTTP ${response.status}`;
    throw new LocalSignInError(`The local issuer refused to sign you in: ${reason}.`);
  }
  const expiresIn = typeof body.expires_in === "number" ? body.expires_in : 3600;
  return { accessToken: body.access_token, expiresAt: Date.now() + expiresIn * 1000, sub, label: sub };
}
