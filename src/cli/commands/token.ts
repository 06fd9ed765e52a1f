/**
 * `portico token`: an access token from the local issuer, printed alone so `$(npx portico token …)`
 * works. Its `iss` is the running dev server's (read from `.portico/dev-server.json`), so the token
 * is accepted on whatever port the server runs; `--port` mints one for a server not started yet.
 */
import { resolve } from "node:path";
import { defaultDataDir, localIssuer, readRunning } from "../../local/dev/local-state.js";
import { createTokenIssuer } from "../../local/services/token-issuer.js";
import { localOrigin } from "../../runtime/index.js";
import { type ParsedCommand, serverPort, UsageError } from "../flags.js";
import type { Io } from "../io.js";
import { loadApp } from "../load-app.js";

export async function tokenCommand(parsed: ParsedCommand, io: Io): Promise<number> {
  const { sub, scope } = parsed.values;
  if (typeof sub !== "string" || sub === "") throw new UsageError("--sub is required: the token's subject.");
  const expiresIn = parsed.values["expires-in"];
  const dataDir = resolve(
    typeof parsed.values["data-dir"] === "string" ? parsed.values["data-dir"] : defaultDataDir,
  );
  const issuerUrl =
    parsed.values.port === undefined
      ? (await readRunning(dataDir))?.issuer
      : // `--port` only: PORT is the dev server's setting, and the running server's issuer is exact.
        localIssuer(localOrigin(serverPort(parsed.values.port)));
  if (issuerUrl === undefined) {
    io.err(
      `portico: no dev server is running on ${dataDir}: start it (npm start), or pass --port <port> ` +
        "to mint a token for the server you will start there.",
    );
    return 1;
  }
  const app = await loadApp();
  const issuer = await createTokenIssuer({
    dataDir,
    issuer: issuerUrl,
    audience: app.auth.audience[0] as string,
  });
  const token = await issuer.issue({
    sub,
    ...(typeof scope === "string" ? { scope } : {}),
    ...(typeof expiresIn === "string" ? { expiresIn: Number(expiresIn) } : {}),
  });
  io.out(token.access_token);
  return 0;
}
