/**
 * Headers the local twin puts on the responses it makes itself — the gateway's own errors and
 * preflights, the `/_local` endpoints, refused hosts — as API.md's Conventions require of every
 * response. A function's response is the function's own: nothing is added to it.
 */

// The runtime's own constants: the twin's responses carry exactly the headers the functions' do.
export { noSniffHeader, noStoreHeader } from "../runtime/index.js";
