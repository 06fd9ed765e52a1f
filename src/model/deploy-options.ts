/**
 * How the app is deployed to AWS: its stages (environments such as `dev` and `prod`, each a stack
 * of its own), an optional custom domain per stage, tracing, log retention and alarms, and the
 * opt-in role GitHub Actions deploys through. Only the stack reads these; the local twin ignores them.
 */
import * as z from "zod/mini";

/** Log retention periods CloudWatch Logs accepts, in days. */
export const logRetentionDays = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

const acmCertificateArn = /^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f-]{36}$/;

const domainSchema = z.strictObject({
  /** The API's own host name, e.g. `api.my-app.example.com`. */
  name: z
    .string()
    .check(
      z.regex(
        /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
        "use a lowercase DNS name",
      ),
    ),
  /**
   * An ACM certificate in the stack's Region that covers `name`: one issued by ACM, or one imported
   * into it, such as a Cloudflare origin certificate.
   */
  certificateArn: z
    .string()
    .check(z.regex(acmCertificateArn, "use an ACM certificate ARN (arn:aws:acm:…:certificate/…)")),
});

const stageSchema = z.strictObject({
  /** Production keeps its data: the table and bucket are retained and the table is deletion-protected. */
  production: z._default(z.boolean(), false),
  /** The origins browsers may call this stage from. @default - `api.cors.allowOrigins` */
  allowOrigins: z.optional(z.array(z.string()).check(z.minLength(1))),
  domain: z.optional(domainSchema),
  /** The AWS Region to deploy to. @default - the CLI's (`AWS_REGION` or the profile's) */
  region: z.optional(
    z.string().check(z.regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "use a Region name such as eu-west-1")),
  ),
  /** Where the alarms send their notifications. @default - no subscription; alarms are on the dashboard only */
  alarmEmail: z.optional(z.email()),
});

export const deploySchema = z._default(
  z.strictObject({
    /** Deployed stages by name: `npm run deploy -- --stage dev`. */
    stages: z._default(
      z.record(
        z
          .string()
          .check(z.regex(/^[a-z][a-z0-9-]{0,15}$/, "use up to 16 lowercase letters, digits or dashes")),
        stageSchema,
      ),
      { dev: { production: false } },
    ),
    /** Lambda active tracing (X-Ray). */
    tracing: z._default(z.boolean(), false),
    logRetentionDays: z._default(
      z.number().check(
        z.refine((days) => (logRetentionDays as readonly number[]).includes(days), {
          message: `use one of CloudWatch's retention periods: ${logRetentionDays.join(", ")}`,
        }),
      ),
      30,
    ),
    /**
     * Creates the IAM role GitHub Actions assumes through GitHub's OIDC provider to deploy, for
     * pushes to `branch` of `repository` only.
     */
    githubDeployRole: z.optional(
      z.strictObject({
        repository: z.string().check(z.regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, 'use "owner/name"')),
        branch: z._default(z.string().check(z.minLength(1)), "main"),
        /** Whether the account already has GitHub's OIDC provider (one per account). */
        existingOidcProvider: z._default(z.boolean(), false),
      }),
    ),
  }),
  { stages: { dev: { production: false } }, tracing: false, logRetentionDays: 30 },
);

export type DeployOptions = z.input<typeof deploySchema>;
export type DeployConfig = z.output<typeof deploySchema>;
export type StageConfig = z.output<typeof stageSchema>;

/** The stage named `name` (own keys only: `"toString"` is no stage), or undefined. */
export function stageNamed(
  deploy: Pick<DeployConfig, "stages">,
  name: string | undefined,
): StageConfig | undefined {
  return name !== undefined && Object.hasOwn(deploy.stages, name) ? deploy.stages[name] : undefined;
}

/** How a refusal of an unknown stage lists the known ones. */
export function knownStages(deploy: Pick<DeployConfig, "stages">): string {
  return `stages: ${Object.keys(deploy.stages).join(", ")} (deploy.stages in the app definition)`;
}
