import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { app } from "../init/template/app/portico.config.js";
import { main } from "../main.js";
import { renderFunctionEntries } from "../scaffold/function-entries.js";
import { projectSpec, templateName } from "./init.js";

let parent: string;
const captured = () => {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (text: string) => out.push(text), err: (text: string) => err.push(text) }, out, err };
};

beforeAll(async () => {
  parent = await mkdtemp(join(tmpdir(), "portico-init-"));
});

afterAll(async () => {
  await rm(parent, { recursive: true, force: true });
});

describe("portico init", () => {
  it("writes a project named for its folder, on the Portico given, with one entry per function", async () => {
    const dir = join(parent, "field-notes");
    expect(await main(["init", dir, "--portico", "file:/packs/portico.tgz"], captured().io)).toBe(0);
    const files = (await readdir(dir, { recursive: true })).sort();
    expect(files).toEqual(
      expect.arrayContaining([".ci/run", ".gitignore", "README.md", "app/portico.config.ts", "package.json"]),
    );
    expect(files).toEqual(
      expect.arrayContaining(["test/profiles.test.ts", "tsconfig.json", "vitest.config.ts"]),
    );
    expect((await stat(join(dir, ".ci/run"))).mode & 0o111).not.toBe(0);
    const pkg = JSON.parse(await readFile(join(dir, "package.json"), "utf8"));
    expect(pkg).toMatchObject({ name: "field-notes", dependencies: { portico: "file:/packs/portico.tgz" } });
    expect(Object.keys(pkg.devDependencies)).toEqual(
      expect.arrayContaining(["busboy", "s3rver", "swagger-ui-dist", "typescript", "vitest"]),
    );
    const config = await readFile(join(dir, "app/portico.config.ts"), "utf8");
    expect(config).toContain('name: "field-notes"');
    expect(config).not.toContain(templateName);
    for (const [entry, text] of renderFunctionEntries(app)) {
      expect(await readFile(join(dir, "app", entry), "utf8")).toBe(text);
    }
  });

  it("depends on this version of Portico when no --portico is given", async () => {
    const dir = join(parent, "default-spec");
    expect(await main(["init", dir], captured().io)).toBe(0);
    const { version } = JSON.parse(await readFile(new URL("../../../package.json", import.meta.url), "utf8"));
    const pkg = JSON.parse(await readFile(join(dir, "package.json"), "utf8"));
    expect(pkg.dependencies.portico).toBe(`^${version}`);
  });

  it("refuses a folder that holds files, with exit 2, and writes nothing there", async () => {
    const dir = join(parent, "taken");
    await mkdir(dir);
    await writeFile(join(dir, "notes.txt"), "mine");
    const { io, err } = captured();
    expect(await main(["init", dir], io)).toBe(2);
    expect(err.join("\n")).toContain("is not empty");
    expect(await readdir(dir)).toEqual(["notes.txt"]);
  });

  it("refuses a folder name that is no app name unless --name gives one", async () => {
    const { io, err } = captured();
    expect(await main(["init", join(parent, "Not_An_App")], io)).toBe(2);
    expect(err.join("\n")).toContain("--name");
    expect(await main(["init", join(parent, "Not_An_App"), "--name", "an-app"], captured().io)).toBe(0);
  });
});

describe("the --portico spec in the project", () => {
  it("names a relative file: spec from the project, not from where init ran", () => {
    expect(projectSpec("file:./portico-0.1.0.tgz", "/home/me/projects/my-api", "/home/me/projects")).toBe(
      "file:../portico-0.1.0.tgz",
    );
  });

  it("keeps an absolute file: spec and a registry spec as they are", () => {
    expect(projectSpec("file:/packs/portico.tgz", "/p/my-api", "/p")).toBe("file:/packs/portico.tgz");
    expect(projectSpec("^0.1.0", "/p/my-api", "/p")).toBe("^0.1.0");
  });
});
