/**
 * `portico init <dir> [--name <name>] [--portico <spec>]`: a new project in an empty folder, on top
 * of the installed Portico. It copies the template (src/cli/init/template: an app with one entity,
 * its tests on the local twin, a README, `.ci/run`), writes package.json (Portico at `--portico`, by
 * default this package's own version; the local twin's peers and the test tools as devDependencies)
 * and one Lambda entry per function of the template's app, as `writeFunctionEntries` renders them.
 */
import { chmod, cp, mkdir, readdir, readFile, rename, writeFile } from "node:fs/promises";
import { basename, isAbsolute, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { App } from "../../model/index.js";
import { CliRefusal } from "../errors.js";
import { type ParsedCommand, UsageError } from "../flags.js";
import type { Io } from "../io.js";
import { appConfigPath } from "../load-app.js";
import { writeFunctionEntries } from "../scaffold/function-entries.js";

/** The template folder, beside this module's folder in src/ and in dist/ alike. */
const templateDir = fileURLToPath(new URL("../init/template/", import.meta.url));

/** The app name the template is written with; each copied file has it replaced by the project's. */
export const templateName = "my-portico-app";

/** Files the template stores under another name: npm leaves `.gitignore` out of a package. */
const renamed: Readonly<Record<string, string>> = { gitignore: ".gitignore", ci: ".ci" };

/** As the model's rule for an app name (define-app.ts). */
const namePattern = /^[a-z][a-z0-9-]{1,62}$/;

/** The folder given to `init` holds files already. */
export class InitTargetNotEmptyError extends CliRefusal {
  static readonly code = "cli.init_not_empty";
  declare readonly code: typeof InitTargetNotEmptyError.code;
  readonly exitCode = 2;
  constructor(dir: string) {
    super(InitTargetNotEmptyError.code, `${dir} is not empty: give a new or empty folder.`);
  }
}

interface PorticoPackage {
  readonly name: string;
  readonly version: string;
  readonly dependencies: Readonly<Record<string, string>>;
  readonly peerDependencies: Readonly<Record<string, string>>;
  readonly devDependencies: Readonly<Record<string, string>>;
}

async function porticoPackage(): Promise<PorticoPackage> {
  return JSON.parse(
    await readFile(new URL("../../../package.json", import.meta.url), "utf8"),
  ) as PorticoPackage;
}

/** A dependency's range as Portico's own package.json has it. */
function rangeOf(pkg: PorticoPackage, name: string): string {
  const range = pkg.dependencies[name] ?? pkg.peerDependencies[name] ?? pkg.devDependencies[name];
  if (range === undefined) throw new TypeError(`Portico's package.json names no "${name}".`);
  return range;
}

/** The new project's package.json. */
export function projectPackage(pkg: PorticoPackage, name: string, porticoSpec: string): object {
  const ranges = (names: readonly string[]) =>
    Object.fromEntries([...names].sort().map((dep) => [dep, rangeOf(pkg, dep)]));
  return {
    name,
    version: "0.1.0",
    private: true,
    type: "module",
    engines: { node: ">=22" },
    scripts: {
      start: "portico dev",
      test: "tsc --noEmit && vitest run",
      synth: "portico synth",
      deploy: "portico deploy",
      diff: "portico diff",
      destroy: "portico destroy",
      logs: "portico logs",
      openapi: "portico openapi",
      client: "portico client",
    },
    dependencies: { [pkg.name]: porticoSpec, ...ranges(["zod"]) },
    devDependencies: ranges([...Object.keys(pkg.peerDependencies), "@types/node", "typescript", "vitest"]),
  };
}

/** The app name a folder gives: its own name, when that is a valid one. */
function nameFor(dir: string, flag: string | boolean | undefined): string {
  const name = typeof flag === "string" ? flag : basename(dir);
  if (!namePattern.test(name)) {
    throw new UsageError(
      `"${name}" is not an app name (lowercase letters, digits and dashes, starting with a letter): pass --name.`,
    );
  }
  return name;
}

/**
 * `--portico` as the project's package.json takes it: a relative `file:` spec (a tarball or a
 * folder) names a path from the folder `init` runs in, so it is rewritten to one from the project.
 */
export function projectSpec(spec: string, dir: string, cwd: string = process.cwd()): string {
  if (!spec.startsWith("file:")) return spec;
  const path = spec.slice("file:".length);
  if (isAbsolute(path)) return spec;
  return `file:${relative(dir, resolve(cwd, path))}`;
}

async function isEmptyOrMissing(dir: string): Promise<boolean> {
  try {
    return (await readdir(dir)).length === 0;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return true;
    throw error;
  }
}

/** Copies the template into `dir` with the project's name in place of the template's. */
async function copyTemplate(dir: string, name: string): Promise<void> {
  await cp(templateDir, dir, { recursive: true });
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = join(entry.parentPath, entry.name);
    const text = await readFile(file, "utf8");
    if (text.includes(templateName)) await writeFile(file, text.replaceAll(templateName, name));
  }
  for (const [stored, target] of Object.entries(renamed)) await rename(join(dir, stored), join(dir, target));
  await chmod(join(dir, ".ci", "run"), 0o755);
}

export async function initCommand(parsed: ParsedCommand, io: Io): Promise<number> {
  const dir = resolve(parsed.positionals[0] as string);
  const name = nameFor(dir, parsed.values.name);
  if (!(await isEmptyOrMissing(dir))) throw new InitTargetNotEmptyError(dir);
  const pkg = await porticoPackage();
  const porticoSpec =
    typeof parsed.values.portico === "string" ? projectSpec(parsed.values.portico, dir) : `^${pkg.version}`;
  await mkdir(dir, { recursive: true });
  await copyTemplate(dir, name);
  await writeFile(
    join(dir, "package.json"),
    `${JSON.stringify(projectPackage(pkg, name, porticoSpec), null, 2)}\n`,
  );
  // The template's own definition (names aside, the project's): Portico resolves it as its own.
  const { app } = (await import(pathToFileURL(join(templateDir, appConfigPath)).href)) as { app: App };
  const { written } = await writeFunctionEntries(app, join(dir, "app"));
  io.out(`Created ${name} in ${dir} (${written.length} functions). Next:`);
  io.out(`  cd ${dir}\n  npm install\n  npm start        # the API offline\n  npm test`);
  return 0;
}
