/**
 * The opt-in role GitHub Actions deploys through, with no long-lived keys: GitHub's OIDC provider
 * vouches for the workflow, and the trust policy admits only pushes to one branch of one
 * repository. The role may only assume the CDK bootstrap roles `cdk deploy` uses (deploy, file
 * publishing, lookup), which hold the deploy rights, each named exactly.
 */
import { Aws, aws_iam as iam } from "aws-cdk-lib";
import { Construct } from "constructs";
import type { DeployConfig } from "../model/index.js";

const githubIssuer = "token.actions.githubusercontent.com";

/** `cdk bootstrap`'s default qualifier; its roles are `cdk-<qualifier>-<purpose>-<account>-<region>`. */
export const defaultBootstrapQualifier = "hnb659fds";
const bootstrapRoles = ["deploy-role", "file-publishing-role", "lookup-role"] as const;

export type GithubDeployRoleProps = NonNullable<DeployConfig["githubDeployRole"]>;

export class GithubDeployRole extends Construct {
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: GithubDeployRoleProps) {
    super(scope, id);
    const provider = props.existingOidcProvider
      ? iam.OidcProviderNative.fromOidcProviderArn(
          this,
          "Provider",
          `arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:oidc-provider/${githubIssuer}`,
        )
      : new iam.OidcProviderNative(this, "Provider", {
          url: `https://${githubIssuer}`,
          clientIds: ["sts.amazonaws.com"],
        });
    this.role = new iam.Role(this, "Role", {
      description: `Deploys from GitHub Actions: ${props.repository}, branch ${props.branch}`,
      assumedBy: new iam.WebIdentityPrincipal(provider.oidcProviderArn, {
        StringEquals: {
          [`${githubIssuer}:aud`]: "sts.amazonaws.com",
          [`${githubIssuer}:sub`]: `repo:${props.repository}:ref:refs/heads/${props.branch}`,
        },
      }),
      inlinePolicies: {
        AssumeCdkBootstrapRoles: new iam.PolicyDocument({
          statements: [
            new iam.PolicyStatement({
              actions: ["sts:AssumeRole"],
              resources: bootstrapRoles.map(
                (purpose) =>
                  `arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:role/cdk-${defaultBootstrapQualifier}-${purpose}-${Aws.ACCOUNT_ID}-${Aws.REGION}`,
              ),
            }),
          ],
        }),
      },
    });
  }
}
