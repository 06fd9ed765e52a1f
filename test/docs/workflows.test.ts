/**
 * The GitHub Actions workflows, read as GitHub reads them: pull requests and pushes run `.ci/run`;
 * only a push to main (or a run by hand) deploys, after the tests pass, through GitHub's OIDC
 * provider and an IAM role — never with long-lived keys.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

interface Step {
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Readonly<Record<string, unknown>>;
  readonly env?: Readonly<Record<string, unknown>>;
}

interface Job {
  readonly needs?: string | readonly string[];
  readonly environment?: string;
  readonly permissions?: Readonly<Record<string, string>>;
  readonly steps: readonly Step[];
}

interface Workflow {
  readonly on: Readonly<Record<string, unknown>>;
  readonly permissions?: Readonly<Record<string, string>>;
  readonly jobs: Readonly<Record<string, Job>>;
}

function workflow(name: string): { readonly text: string; readonly parsed: Workflow } {
  const text = readFileSync(new URL(`../../.github/workflows/${name}`, import.meta.url), "utf8");
  return { text, parsed: parse(text) as Workflow };
}

/** A GitHub Actions expression, `${{ … }}`, as the workflow file writes it. */
const expression = (body: string) => ["$", "{{ ", body, " }}"].join("");

const runsCi = (job: Job | undefined) => job?.steps.some((step) => step.run?.trim() === "bash .ci/run");

describe(".github/workflows/deploy.yml", () => {
  const { text, parsed } = workflow("deploy.yml");
  const deploy = parsed.jobs.deploy as Job;

  it("runs only on a push to main and by hand", () => {
    expect(Object.keys(parsed.on).sort()).toEqual(["push", "workflow_dispatch"]);
    expect(parsed.on.push).toEqual({ branches: ["main"] });
  });

  it("tests with .ci/run, and deploys only after the test job", () => {
    expect(runsCi(parsed.jobs.test)).toBe(true);
    expect([deploy.needs].flat()).toEqual(["test"]);
  });

  it("names no environment, so its OIDC subject is the branch the deploy role trusts", () => {
    // With an environment, GitHub's token says `repo:…:environment:<name>` instead of `repo:…:ref:refs/heads/main`.
    expect(deploy.environment).toBeUndefined();
  });

  it("may ask GitHub for an OIDC token in the deploy job only", () => {
    expect(deploy.permissions).toEqual({ "id-token": "write", contents: "read" });
    expect(parsed.permissions?.["id-token"]).toBeUndefined();
    expect(parsed.jobs.test?.permissions?.["id-token"]).toBeUndefined();
  });

  it("assumes the deploy role through configure-aws-credentials before it deploys", () => {
    const uses = deploy.steps.map((step) => step.uses?.split("@")[0]);
    const credentials = uses.indexOf("aws-actions/configure-aws-credentials");
    expect(credentials).toBeGreaterThanOrEqual(0);
    expect(deploy.steps[credentials]?.with).toEqual({
      "role-to-assume": expression("vars.AWS_DEPLOY_ROLE_ARN"),
      "aws-region": expression("vars.AWS_REGION"),
    });
    const deploys = deploy.steps.findIndex((step) => /\bportico deploy --stage dev\b/.test(step.run ?? ""));
    expect(deploys).toBeGreaterThan(credentials);
  });

  it("holds no long-lived AWS keys", () => {
    expect(text).not.toMatch(
      /AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY|aws-access-key-id|aws-secret-access-key/i,
    );
    expect(text).not.toMatch(/secrets\./);
  });
});

describe(".github/workflows/ci.yml", () => {
  const { parsed } = workflow("ci.yml");

  it("runs .ci/run on every pull request", () => {
    expect(Object.keys(parsed.on)).toEqual(["pull_request"]);
    expect(Object.values(parsed.jobs).some(runsCi)).toBe(true);
  });
});
