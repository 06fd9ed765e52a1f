/**
 * The packages only the local twin needs (the embedded S3, its upload forms, the docs page). They
 * are Portico's optional peer dependencies, so neither a Lambda bundle nor a production install
 * carries them; a project lists them in its devDependencies (`portico init` does). A twin started
 * without one stops before anything runs, naming the command that installs what is missing.
 */
import { createRequire } from "node:module";
import { errorWithCode } from "../runtime/index.js";

/** The optional peer dependencies of the local twin (package.json `peerDependenciesMeta`). */
export const localPeers = ["busboy", "s3rver", "swagger-ui-dist"] as const;

export type LocalPeer = (typeof localPeers)[number];

/** The local peers that `from` (a module's URL or path) cannot resolve. */
export function missingLocalPeers(from: string | URL = import.meta.url): LocalPeer[] {
  const require = createRequire(from);
  return localPeers.filter((name) => {
    try {
      require.resolve(`${name}/package.json`);
      return false;
    } catch {
      return true;
    }
  });
}

/** The local twin was started in a project that lacks some of its peer dependencies. */
export class MissingLocalPeersError extends errorWithCode("local.missing_peers") {
  readonly missing: readonly LocalPeer[];
  constructor(missing: readonly LocalPeer[]) {
    super(
      `The local twin needs ${missing.join(", ")}, which this project does not have: ` +
        `run \`npm install -D ${missing.join(" ")}\`.`,
    );
    this.missing = missing;
  }
}

/** Throws `MissingLocalPeersError` when a local peer is missing. */
export function requireLocalPeers(from?: string | URL): void {
  const missing = missingLocalPeers(from);
  if (missing.length > 0) throw new MissingLocalPeersError(missing);
}
