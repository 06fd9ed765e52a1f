/**
 * The web client's settings, from Vite's `VITE_*` variables: where the API is, and how to sign in.
 * Without `VITE_AUTH_ISSUER` it signs in with the local twin's issuer (`POST /_local/token` on the
 * page's own origin, which the dev server passes on to the API's: web/vite.config.ts); with it,
 * through that OIDC issuer's hosted UI (the stack outputs `Issuer` and `WebClientId`).
 */
// The local twin's address and token endpoint, from their one source (also read by vite.config.ts).
import { localOrigin, localTokenPath } from "../../src/runtime/http/local-twin.js";
import type { OidcConfig } from "./auth/oidc.js";

/** The local twin's API (`npm start`). */
export const defaultApiUrl = `${localOrigin()}/v1`;

export type AuthConfig =
  | {
      readonly kind: "local";
      /** Where the page asks for a token: `localTokenPath` on its own origin. */
      readonly tokenUrl: string;
      /** The issuer that answers, the API's origin: `http://127.0.0.1:3000`. */
      readonly issuerOrigin: string;
    }
  | { readonly kind: "oidc"; readonly oidc: OidcConfig };

export interface WebConfig {
  /** The API's base URL, the stage included, without a trailing slash. */
  readonly apiUrl: string;
  readonly auth: AuthConfig;
}

export interface WebEnv {
  readonly VITE_API_URL?: string;
  readonly VITE_AUTH_ISSUER?: string;
  readonly VITE_AUTH_CLIENT_ID?: string;
  readonly VITE_AUTH_REDIRECT_URI?: string;
  readonly VITE_AUTH_SCOPE?: string;
}

/** A setting is missing or wrong; the message names the variable. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value.trim();
}

/** The settings of `env` for a page served at `origin`. */
export function readConfig(env: WebEnv, origin: string): WebConfig {
  const apiUrl = (nonEmpty(env.VITE_API_URL) ?? defaultApiUrl).replace(/\/+$/, "");
  let api: URL;
  try {
    api = new URL(apiUrl);
  } catch {
    throw new ConfigError(`VITE_API_URL is ${JSON.stringify(apiUrl)}, not a URL like ${defaultApiUrl}.`);
  }
  const issuer = nonEmpty(env.VITE_AUTH_ISSUER);
  if (issuer === undefined)
    return {
      apiUrl,
      auth: { kind: "local", tokenUrl: `${origin}${localTokenPath}`, issuerOrigin: api.origin },
    };
  const clientId = nonEmpty(env.VITE_AUTH_CLIENT_ID);
  if (clientId === undefined) {
    throw new ConfigError(
      "VITE_AUTH_ISSUER is set but VITE_AUTH_CLIENT_ID is not: set it to the stack's WebClientId.",
    );
  }
  return {
    apiUrl,
    auth: {
      kind: "oidc",
      oidc: {
        issuer,
        clientId,
        // The stack registers each web origin with a trailing slash as a callback URL.
        redirectUri: nonEmpty(env.VITE_AUTH_REDIRECT_URI) ?? `${origin}/`,
        scope: nonEmpty(env.VITE_AUTH_SCOPE) ?? "openid email profile",
      },
    },
  };
}
