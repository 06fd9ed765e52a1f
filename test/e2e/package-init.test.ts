/**
 * A project of its own, as docs/new-project.md makes it: the commands of that page's code blocks,
 * in order — `npm pack`, `portico init` run from the packed tarball (not this repository's bin),
 * `npm install` of the tarball, `npm start`, the project's own `npm test`, `npm run synth` and
 * `npm run deploy` (without AWS credentials, so it stops at that check: nothing of AWS is reached).
 * Nothing links the project to this repository. It needs the npm registry (or npm's cache), and
 * takes minutes.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const repository = resolve(import.meta.dirname, "../..");
const guide = readFileSync(join(repository, "docs/new-project.md"), "utf8");
const projects = realpathSync(mkdtempSync(join(tmpdir(), "portico-projects-")));
const emptyHome = mkdtempSync(join(tmpdir(), "portico-no-aws-"));

afterAll(() => {
  rmSync(projects, { recursive: true, force: true });
  rmSync(emptyHome, { recursive: true, force: true });
});

/** Every command of the guide's `sh` code blocks, in order (comments and blank lines left out). */
function guideCommands(): string[] {
  const blocks = [...guide.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].map((match) => match[1] as string);
  return blocks.flatMap((block) =>
    block
      .split("\n")
      .map((line) => line.replace(/\s+#.*$/, "").trim())
      .filter((line) => line !== ""),
  );
}

/** This environment without the outer test run's own variables, with this Node.js first on PATH. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) => !/^(VITEST|npm_|NODE_OPTIONS$|PORTICO_TEST_TARGET$|TEST$)/.test(name),
    ),
  );
  return {
    ...env,
    PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ""}`,
    PROJECTS: projects,
  };
}

function run(command: string, cwd: string, env: NodeJS.ProcessEnv = cleanEnv()) {
  return spawnSync("bash", ["-c", command], { cwd, env, encoding: "utf8", timeout: 600_000 });
}

/** `npm start`: serves until stopped; the API answers `GET /health` at once, then Ctrl-C stops it. */
async function startAndStop(command: string, cwd: string): Promise<{ health: number; stopped: boolean }> {
  const child: ChildProcess = spawn("bash", ["-c", command], {
    cwd,
    env: { ...cleanEnv(), PORT: "0" },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<number | null>((resolveExit) => child.once("exit", (code) => resolveExit(code)));
  // bash, at the head of the group, ends on the signal itself; what it ran ends with code 0.
  try {
    const apiUrl = await new Promise<string>((resolveUrl, reject) => {
      let out = "";
      child.stdout?.on("data", (chunk: Buffer) => {
        out += chunk.toString();
        const url = /on (http:\/\/127\.0\.0\.1:\d+\/\w+)/.exec(out)?.[1];
        if (url !== undefined) resolveUrl(url);
      });
      void exited.then((code) => reject(new Error(`npm start exited (${code}) before serving:\n${out}`)));
    });
    const health = (await fetch(`${apiUrl}/health`)).status;
    process.kill(-(child.pid as number), "SIGINT");
    const code = await exited;
    return { health, stopped: code === 0 || child.signalCode === "SIGINT" };
  } finally {
    if (child.exitCode === null && child.signalCode === null) process.kill(-(child.pid as number), "SIGKILL");
  }
}

describe("a new project, as docs/new-project.md makes it", () => {
  it("packs, inits from the tarball, installs, starts, passes its own tests, synthesizes, and stops a deploy without credentials", async () => {
    const commands = guideCommands();
    expect(commands[0]).toMatch(/^npm pack /);
    expect(commands).toContain("npm test");
    const version = (
      JSON.parse(readFileSync(join(repository, "package.json"), "utf8")) as { version: string }
    ).version;
    // The guide names the tarball npm pack writes for this version.
    expect(commands.some((command) => command.includes(`portico-${version}.tgz`))).toBe(true);

    let cwd = repository;
    for (const command of commands) {
      const cd = /^cd (.+)$/.exec(command)?.[1];
      if (cd !== undefined) {
        cwd = resolve(cwd, cd.replaceAll('"', "").replace("$PROJECTS", projects));
        continue;
      }
      if (command === "npm start") {
        const { health, stopped } = await startAndStop(command, cwd);
        expect(health).toBe(200);
        expect(stopped).toBe(true);
        continue;
      }
      if (command.startsWith("npm run deploy")) {
        // No AWS_* variables and a HOME with no ~/.aws: the credential check refuses before synth.
        const result = run(command, cwd, { PATH: cleanEnv().PATH, HOME: emptyHome });
        expect(result.status).toBe(1);
        expect(result.stderr).toMatch(/portico: No AWS credentials/);
        continue;
      }
      const result = run(command, cwd);
      expect(result.status, `${command}\n${result.stdout}\n${result.stderr}`).toBe(0);
      if (command.includes(" init ")) {
        // The tarball's own bin made it: this repository's bin is never run.
        expect(result.stdout).toContain("Created my-api");
      }
      if (command === "npm install") {
        // The installed tarball, a folder of its own: no link into this repository.
        const installed = join(cwd, "node_modules/portico");
        expect(lstatSync(installed).isSymbolicLink()).toBe(false);
        expect(existsSync(join(installed, "src"))).toBe(false);
        expect(existsSync(join(installed, "dist/runtime/index.js"))).toBe(true);
      }
    }

    const project = join(projects, "my-api");
    expect(readdirSync(join(project, "cdk.out/dev")).some((file) => file.endsWith(".template.json"))).toBe(
      true,
    );

    // Plain Node.js 20 (no tsx, no hooks) imports the installed model and runtime.
    if (existsSync("/usr/bin/node")) {
      const plain = spawnSync(
        "/usr/bin/node",
        [
          "--input-type=module",
          "-e",
          'const m = await import("portico/model"); const r = await import("portico/runtime"); ' +
            "console.log(typeof m.defineApp, typeof r.createRoute, process.versions.node)",
        ],
        { cwd: project, encoding: "utf8", env: { PATH: "/usr/bin" } },
      );
      expect(plain.stderr).toBe("");
      expect(plain.stdout).toMatch(/^function function \d+/);
    }
  }, 1_200_000);
});
