/**
 * A mocked Cognito: the few endpoints of an OIDC issuer that the web client's code + PKCE sign-in
 * uses, on 127.0.0.1. Its discovery document names them; its authorization endpoint signs the
 * browser in at once (no login page) and sends it back with a code; its token endpoint gives the
 * tokens only for that code with the verifier whose S256 challenge came with it, once. The access
 * token is the local twin's own (so the API accepts it); the ID token carries the nonce.
 */
import { createHash, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";

export interface MockedCognito {
  readonly issuer: string;
  /** Every token request, and whether it was answered with tokens. */
  readonly exchanges: { readonly code: string; readonly granted: boolean }[];
  stop(): Promise<void>;
}

export interface MockedCognitoOptions {
  readonly clientId: string;
  /** The signed-in user's `sub` and `email`. */
  readonly user: { readonly sub: string; readonly email: string };
  /** An access token for `sub` that the API accepts. */
  readonly accessToken: (sub: string) => Promise<string>;
}

const base64Url = (bytes: Buffer) => bytes.toString("base64url");
const unsignedJwt = (claims: Record<string, unknown>) =>
  `${base64Url(Buffer.from(JSON.stringify({ alg: "none" })))}.${base64Url(Buffer.from(JSON.stringify(claims)))}.`;

async function formOf(request: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

export async function startMockedCognito(options: MockedCognitoOptions): Promise<MockedCognito> {
  const codes = new Map<string, { challenge: string; redirectUri: string; nonce: string }>();
  const exchanges: { code: string; granted: boolean }[] = [];
  let issuer = "";
  const json = (response: ServerResponse, status: number, body: unknown) => {
    // Cognito's discovery and token endpoints answer browsers of any origin.
    response.writeHead(status, { "content-type": "application/json", "access-control-allow-origin": "*" });
    response.end(JSON.stringify(body));
  };
  const server = createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? "/", issuer);
      if (url.pathname === "/.well-known/openid-configuration") {
        json(response, 200, {
          issuer,
          authorization_endpoint: `${issuer}/oauth2/authorize`,
          token_endpoint: `${issuer}/oauth2/token`,
        });
        return;
      }
      if (url.pathname === "/oauth2/authorize") {
        const asked = url.searchParams;
        const redirectUri = asked.get("redirect_uri") ?? "";
        if (
          asked.get("response_type") !== "code" ||
          asked.get("client_id") !== options.clientId ||
          asked.get("code_challenge_method") !== "S256" ||
          asked.get("scope") !== "openid email profile"
        ) {
          response.writeHead(400).end("bad authorization request");
          return;
        }
        const code = base64Url(randomBytes(16));
        codes.set(code, {
          challenge: asked.get("code_challenge") ?? "",
          redirectUri,
          nonce: asked.get("nonce") ?? "",
        });
        const back = new URL(redirectUri);
        back.search = new URLSearchParams({ code, state: asked.get("state") ?? "" }).toString();
        response.writeHead(302, { location: back.toString() }).end();
        return;
      }
      if (url.pathname === "/oauth2/token" && request.method === "POST") {
        const form = await formOf(request);
        const code = form.get("code") ?? "";
        const issued = codes.get(code);
        codes.delete(code);
        const verifier = form.get("code_verifier") ?? "";
        const granted =
          issued !== undefined &&
          form.get("grant_type") === "authorization_code" &&
          form.get("client_id") === options.clientId &&
          form.get("redirect_uri") === issued.redirectUri &&
          base64Url(createHash("sha256").update(verifier).digest()) === issued.challenge;
        exchanges.push({ code, granted });
        if (!granted || issued === undefined) {
          json(response, 400, { error: "invalid_grant" });
          return;
        }
        json(response, 200, {
          access_token: await options.accessToken(options.user.sub),
          id_token: unsignedJwt({ ...options.user, nonce: issued.nonce, aud: options.clientId }),
          token_type: "Bearer",
          expires_in: 3600,
        });
        return;
      }
      response.writeHead(404).end();
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  issuer = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return {
    issuer,
    exchanges,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
