/**
 * `portico/local`: the local twin for a project's own tests. `startLocalStack({ app })` serves the
 * app as `npm start` does, on a free port, and mints tokens from its local issuer.
 */
export { type LocalStack, type LocalStackOptions, startLocalStack } from "./local-stack.js";
export { type LocalPeer, localPeers, MissingLocalPeersError, missingLocalPeers } from "./peers.js";
