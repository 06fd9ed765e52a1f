/** `portico client`: writes the TypeScript types of the app's API for `portico/client`. */
import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { clientSchemaSource, defaultClientSchemaPath } from "../client-schema.js";
import type { ParsedCommand } from "../flags.js";
import type { Io } from "../io.js";
import { loadApp } from "../load-app.js";

export async function clientCommand(parsed: ParsedCommand, io: Io): Promise<number> {
  const app = await loadApp();
  const source = await clientSchemaSource(app);
  const out = typeof parsed.values.out === "string" ? parsed.values.out : defaultClientSchemaPath;
  if (out === "-") {
    io.out(source.trimEnd());
  } else {
    await mkdir(dirname(out), { recursive: true });
    await writeFile(out, source);
    io.err(`wrote ${out} (${app.routes.length} routes)`);
  }
  return 0;
}
