/** Token issuers for suites that need one: the key pair in a fresh temporary folder, removed after. */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  createTokenIssuer,
  type TokenIssuer,
  type TokenIssuerOptions,
} from "../../src/local/services/token-issuer.js";

export interface TemporaryTokenIssuer {
  readonly issuer: TokenIssuer;
  /** The folder holding the key pair (`portico-<label>-…` in the system's temporary folder). */
  readonly dataDir: string;
  /** Deletes the folder, key pair and all. */
  remove(): Promise<void>;
}

/** A token issuer whose key pair lives in a fresh temporary folder named after `label`. */
export async function temporaryTokenIssuer(
  label: string,
  options: Omit<TokenIssuerOptions, "dataDir">,
): Promise<TemporaryTokenIssuer> {
  const dataDir = await mkdtemp(join(tmpdir(), `portico-${label}-`));
  return {
    issuer: await createTokenIssuer({ ...options, dataDir }),
    dataDir,
    remove: () => rm(dataDir, { recursive: true, force: true }),
  };
}
