/**
 * The web client's Content-Security-Policy, which its server puts in the page (web/vite.config.ts):
 * scripts of the page's own origin only (so no injected markup can run script), nothing framed or
 * embedded, forms posted nowhere else, and `fetch` to where the client talks only: the API, the
 * bucket it uploads to and reads avatars from, and the sign-in issuer.
 *
 * A local API (a loopback address) comes with a local bucket front and issuer on other loopback
 * ports, so any loopback port may be reached. A deployed one's bucket and Cognito issuer are AWS's:
 * `*.amazonaws.com` (S3, the issuer's discovery) and `*.amazoncognito.com` (the hosted UI's token
 * endpoint).
 */

/** Loopback hosts as CSP can name them (it has no syntax for an IPv6 literal such as [::1]). */
const loopbackHosts = ["127.0.0.1", "localhost"];
const awsOrigins = ["https://*.amazonaws.com", "https://*.amazoncognito.com"];

export interface PolicyTargets {
  /** The API's URL (VITE_API_URL). */
  readonly apiUrl: string;
  /** The OIDC issuer's URL (VITE_AUTH_ISSUER), when the client signs in with one. */
  readonly issuer?: string | undefined;
}

function isLoopback(url: URL): boolean {
  return loopbackHosts.includes(url.hostname);
}

/** Where the page may `fetch`: its own origin, and the API, bucket and issuer of `targets`. */
export function connectSources(targets: PolicyTargets): string[] {
  const urls = [targets.apiUrl, targets.issuer].filter((url) => url !== undefined).map((url) => new URL(url));
  const sources = new Set(["'self'"]);
  for (const url of urls) {
    if (isLoopback(url)) for (const host of loopbackHosts) sources.add(`${url.protocol}//${host}:*`);
    else {
      sources.add(url.origin);
      for (const origin of awsOrigins) sources.add(origin);
    }
  }
  return [...sources];
}

/** The policy, as the value of a `<meta http-equiv="Content-Security-Policy">`. */
export function contentSecurityPolicy(targets: PolicyTargets): string {
  const directives: Record<string, readonly string[]> = {
    "default-src": ["'none'"],
    "script-src": ["'self'"],
    // Vite adds the stylesheet as a <style> element in development.
    "style-src": ["'self'", "'unsafe-inline'"],
    // The avatar is shown from a blob: URL (fetched with the token); the icon is a data: URL.
    "img-src": ["'self'", "blob:", "data:"],
    "connect-src": connectSources(targets),
    "form-action": ["'self'"],
    "base-uri": ["'none'"],
    "object-src": ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(" ")}`)
    .join("; ");
}
