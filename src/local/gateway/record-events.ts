/**
 * `--record-events`: each invocation's event and outcome as JSON files named by request id, for
 * `portico invoke --event` to replay. They hold bearer tokens and cookies, so they are private.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { IntegrationOutcome } from "./integration.js";

/** Writes `<requestId>.event.json` and `<requestId>.response.json` into `dir` (files 0600, a new folder 0700). */
export async function recordInvocation(
  dir: string,
  requestId: string,
  event: unknown,
  outcome: IntegrationOutcome,
): Promise<void> {
  // The events hold bearer tokens and cookies: only their owner may read them. A folder the owner made
  // keeps its mode (it may be shared, or be the project itself); the files are private either way.
  const options = { mode: 0o600, flag: "wx" } as const;
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await Promise.all([
    writeFile(join(dir, `${requestId}.event.json`), `${JSON.stringify(event, null, 2)}\n`, options),
    writeFile(join(dir, `${requestId}.response.json`), `${JSON.stringify(outcome, null, 2)}\n`, options),
  ]);
}
