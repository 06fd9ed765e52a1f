/** `portico openapi`: writes the OpenAPI 3.1 document derived from the app. */
import { writeFile } from "node:fs/promises";
import { openApiJson } from "../../openapi/index.js";
import type { ParsedCommand } from "../flags.js";
import type { Io } from "../io.js";
import { loadApp } from "../load-app.js";

export async function openapiCommand(parsed: ParsedCommand, io: Io): Promise<number> {
  const app = await loadApp();
  const serverUrl = parsed.values["server-url"];
  const json = openApiJson(app, typeof serverUrl === "string" ? { serverUrl } : {});
  const out = typeof parsed.values.out === "string" ? parsed.values.out : "openapi.json";
  if (out === "-") {
    io.out(json.trimEnd());
  } else {
    await writeFile(out, json);
    io.err(`wrote ${out} (${app.routes.length} routes)`);
  }
  return 0;
}
