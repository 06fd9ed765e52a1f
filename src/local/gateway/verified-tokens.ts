/**
 * The local JWT authorizer's memory of the tokens whose signature it has checked. Decoding a token,
 * checking its algorithm and `kid`, verifying its RSA signature and parsing its claims depend on the
 * exact token string and the issuer's key set alone, so a token that passed them once passes them
 * again, identically, while the key set is the same object — the authorizer makes a new one whenever
 * the issuer's keys change (rotation), and then nothing remembered applies. The claims' checks that
 * depend on the time or the route (`iss`, `aud`, `exp`, `nbf`, `iat`, scopes) still run on every
 * request. A token is forgotten once its `exp` has passed (it is refused from then on anyway), and
 * the oldest goes first past a bound, so the memory stays small whatever the traffic.
 */

/** About 1 MB of tokens at most. */
const maxTokens = 1_000;

interface Entry {
  /** The key set the signature was verified with. */
  readonly keySet: object;
  readonly claims: Readonly<Record<string, unknown>>;
  readonly expiresMs: number;
}

export interface VerifiedTokens {
  /** The claims of `token`, verified before under this very `keySet`; `undefined` to verify it. */
  get(
    token: string,
    keySet: object | undefined,
    nowMs: number,
  ): Readonly<Record<string, unknown>> | undefined;
  /** Remembers a verified token until its `exp`; one without a usable `exp` is not kept. */
  remember(token: string, keySet: object | undefined, claims: Record<string, unknown>, nowMs: number): void;
}

export function createVerifiedTokens(): VerifiedTokens {
  const entries = new Map<string, Entry>();
  return {
    get(token, keySet, nowMs) {
      if (keySet === undefined) return undefined;
      const entry = entries.get(token);
      if (entry === undefined) return undefined;
      if (entry.keySet !== keySet || entry.expiresMs <= nowMs) {
        entries.delete(token);
        return undefined;
      }
      return entry.claims;
    },
    remember(token, keySet, claims, nowMs) {
      const { exp } = claims;
      if (keySet === undefined || typeof exp !== "number" || !Number.isFinite(exp) || exp * 1000 <= nowMs)
        return;
      if (entries.size >= maxTokens) entries.delete(entries.keys().next().value as string);
      entries.set(token, { keySet, claims: Object.freeze(claims), expiresMs: exp * 1000 });
    },
  };
}
