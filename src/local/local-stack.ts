/**
 * The local twin started from a program, as a project's tests start it: the same dev server as
 * `npm start` (gateway, DynamoDB Local, the embedded S3, the token issuer) on a free port, with
 * throwaway data in a folder of its own, resolved once the database answers.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { App } from "../model/index.js";
import { requireLocalPeers } from "./peers.js";
import type { IssueRequest } from "./services/token-request.js";

export interface LocalStackOptions {
  /** The app definition (`app/portico.config.ts`'s `app`). */
  readonly app: App;
  /** The app folder, which holds each function's entry. @default "./app" */
  readonly appDir?: string;
  /** @default 0 — a free port on 127.0.0.1 */
  readonly port?: number;
  /** @default - no access log */
  readonly log?: (line: string) => void;
}

export interface LocalStack {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** The API's base URL, `http://127.0.0.1:<port>/<stage>`. */
  readonly apiUrl: string;
  /** An access token from the local issuer, as `POST /_local/token` mints it. */
  token(sub: string, options?: Omit<IssueRequest, "sub">): Promise<string>;
  /** Stops the twin and deletes its data. */
  stop(): Promise<void>;
}

/**
 * Starts the local twin of `app`.
 * @example const stack = await startLocalStack({ app }); … await stack.stop();
 */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  requireLocalPeers();
  const { startDevServer } = await import("./dev/dev-server.js");
  const dataDir = await mkdtemp(join(tmpdir(), "portico-local-"));
  const removeData = () => rm(dataDir, { recursive: true, force: true });
  const server = await startDevServer({
    app: options.app,
    appDir: options.appDir ?? "app",
    port: options.port ?? 0,
    dataDir,
    inMemory: true,
    watch: false,
    log: options.log ?? (() => {}),
  }).catch(async (error: unknown) => {
    await removeData();
    throw error;
  });
  await server.ready.catch(async (error: unknown) => {
    await server.stop();
    await removeData();
    throw error;
  });
  return {
    url: server.url,
    apiUrl: server.apiUrl,
    token: async (sub, request = {}) => (await server.tokenIssuer.issue({ ...request, sub })).access_token,
    stop: async () => {
      await server.stop();
      await removeData();
    },
  };
}
