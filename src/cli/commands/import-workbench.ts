/**
 * `portico import-workbench <model.json> [--out app]`: turns a NoSQL Workbench data model into an
 * app folder: one entity module per facet, `portico.config.ts`, the function entries, seed data
 * that `portico dev` loads, and `import-report.md`, which lists (as stdout does) every part of the
 * model that did not map. It exits 0 with such warnings; an unreadable or malformed file exits 1.
 */
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { seedFolder } from "../../local/dev/seed-report.js";
import type { App } from "../../model/index.js";
import { ExistingAppError, WorkbenchFileError } from "../errors.js";
import type { ParsedCommand } from "../flags.js";
import { checkPlan } from "../import-workbench/check-plan.js";
import { parseWorkbenchModel } from "../import-workbench/model-file.js";
import { planImport } from "../import-workbench/plan.js";
import {
  moduleNameOf,
  renderConfig,
  renderEntity,
  renderReport,
  renderSeed,
} from "../import-workbench/render.js";
import type { Io } from "../io.js";
import { writeFunctionEntries } from "../scaffold/function-entries.js";

/** The app folder an import writes unless `--out` names another. */
export const defaultImportDir = "app";

/** The report's name, beside the written app. */
export const importReportName = "import-report.md";

async function readModel(file: string): Promise<string> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    throw new WorkbenchFileError(
      file,
      `it cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
      {
        cause: error,
      },
    );
  }
}

export async function importWorkbenchCommand(parsed: ParsedCommand, io: Io): Promise<number> {
  const file = parsed.positionals[0] as string;
  const out = resolve(typeof parsed.values.out === "string" ? parsed.values.out : defaultImportDir);
  const plan = checkPlan(planImport(parseWorkbenchModel(file, await readModel(file))));
  if (existsSync(join(out, "portico.config.ts")))
    throw new ExistingAppError(relative(process.cwd(), out) || ".");

  const files = new Map<string, string>();
  for (const entity of plan.entities)
    files.set(`entities/${moduleNameOf(entity)}.ts`, renderEntity(plan, entity));
  files.set("portico.config.ts", renderConfig(plan));
  const seedName = `${seedFolder}/${plan.tableName.replace(/[^A-Za-z0-9._-]+/g, "-")}.json`;
  if (plan.entities.some((entity) => entity.seed.length > 0)) files.set(seedName, renderSeed(plan));
  for (const [name, text] of files) {
    await mkdir(join(out, name, ".."), { recursive: true });
    await writeFile(join(out, name), text);
  }
  const written = [...files.keys()];
  // The entries are rendered from the app as it loads from the files just written: in a project
  // without Portico installed, `portico/model` does not resolve, and that is said, not thrown.
  const config = pathToFileURL(join(out, "portico.config.ts")).href;
  const loaded = await import(config).then(
    (module: { app: App }) => module.app,
    (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
  );
  if (!(loaded instanceof Error)) written.push(...(await writeFunctionEntries(loaded, out)).written);
  const report = renderReport(plan, written);
  await writeFile(join(out, importReportName), report);
  io.out(report);
  const where = relative(process.cwd(), out) || ".";
  if (loaded instanceof Error) {
    io.err(
      `portico: wrote ${written.length + 1} files under ${where}, but could not load ${join(where, "portico.config.ts")} ` +
        `to write its function entries (${loaded.message}): install portico in the project (npm install portico), ` +
        "then run the import again into an empty folder.",
    );
    return 1;
  }
  io.out(`Wrote ${written.length + 1} files under ${where}; \`portico dev\` serves them.`);
  return 0;
}
