/**
 * The local token issuer's key pair: one RSA 2048 key for RS256, kept as a private JWK in
 * `<dataDir>/keys/token-issuer.json` (mode 0600) so tokens survive a restart. Its `kid` is the
 * RFC 7638 thumbprint, recomputed on every load, so the same key always has the same id.
 */
import { randomUUID } from "node:crypto";
import { link, mkdir, readFile, unlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import {
  type CryptoKey,
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JWK,
} from "jose";

/** The one algorithm the issuer signs with. */
export const issuerAlgorithm = "RS256";

/** The key file exists but cannot be used as the issuer's key. */
export class TokenIssuerKeyFileError extends Error {
  override readonly name = "TokenIssuerKeyFileError";
  readonly code = "local.tokenIssuer.keyFile";
}

const RSA_PRIVATE_MEMBERS = ["n", "e", "d", "p", "q", "dp", "dq", "qi"] as const;

export interface IssuerKey {
  readonly kid: string;
  /** Imported for RS256, the algorithm the issuer signs with. */
  readonly privateKey: CryptoKey;
  readonly privateJwk: JWK;
  readonly publicJwk: JWK;
}

/** The key file under a data folder. */
export function issuerKeyFile(dataDir: string): string {
  return join(dataDir, "keys", "token-issuer.json");
}

/** Loads the key pair from `file`, or generates and persists one when there is none. */
export async function loadOrCreateKey(file: string): Promise<IssuerKey> {
  let text: string | undefined;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") {
      throw new TokenIssuerKeyFileError(
        `Cannot read the token issuer's key file ${file}: ${String(error)}.`,
        {
          cause: error,
        },
      );
    }
  }
  if (text !== undefined) return parseKeyFile(file, text);

  const { privateKey } = await generateKeyPair(issuerAlgorithm, { modulusLength: 2048, extractable: true });
  const privateJwk = await exportJWK(privateKey);
  const kid = await calculateJwkThumbprint(privateJwk);
  const content = `${JSON.stringify({ ...privateJwk, kid, alg: issuerAlgorithm, use: "sig" }, null, 2)}\n`;

  // Written to a private temporary file, then hard-linked into place: the link fails if another process
  // created the key first (we then use theirs), and no reader ever sees a half-written key.
  await mkdir(join(file, ".."), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.${randomUUID()}.tmp`;
  await writeFile(temporary, content, { mode: 0o600, flag: "wx" });
  try {
    await link(temporary, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    return parseKeyFile(file, await readFile(file, "utf8"));
  } finally {
    await unlink(temporary).catch(() => undefined);
  }
  return parseKeyFile(file, content);
}

async function parseKeyFile(file: string, text: string): Promise<IssuerKey> {
  const corrupt = (reason: string, cause?: unknown) =>
    new TokenIssuerKeyFileError(
      `The token issuer's key file ${file} is unusable (${reason}). Delete it and restart: a new key pair ` +
        "is generated, and tokens signed with the old key stop being accepted.",
      cause === undefined ? undefined : { cause },
    );
  let jwk: unknown;
  try {
    jwk = JSON.parse(text);
  } catch (error) {
    throw corrupt("not JSON", error);
  }
  if (typeof jwk !== "object" || jwk === null || Array.isArray(jwk)) throw corrupt("not a JSON object");
  const members = jwk as Record<string, unknown>;
  if (members.kty !== "RSA") throw corrupt(`kty is ${JSON.stringify(members.kty)}, expected "RSA"`);
  const missing = RSA_PRIVATE_MEMBERS.filter((name) => typeof members[name] !== "string");
  if (missing.length > 0) throw corrupt(`not an RSA private JWK: missing ${missing.join(", ")}`);

  const privateJwk: JWK = Object.fromEntries(RSA_PRIVATE_MEMBERS.map((name) => [name, members[name]]));
  privateJwk.kty = "RSA";
  let privateKey: CryptoKey;
  try {
    privateKey = (await importJWK(privateJwk, issuerAlgorithm)) as CryptoKey;
  } catch (error) {
    throw corrupt("the key cannot be imported", error);
  }
  // The kid is recomputed rather than trusted from the file: it must always be the key's thumbprint.
  const publicJwk: JWK = { kty: "RSA", n: privateJwk.n as string, e: privateJwk.e as string };
  const kid = await calculateJwkThumbprint(publicJwk);
  return { kid, privateKey, privateJwk, publicJwk: { ...publicJwk, kid, alg: issuerAlgorithm, use: "sig" } };
}
