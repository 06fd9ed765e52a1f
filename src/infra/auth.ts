/**
 * Who may call the API: a JWT authorizer on API Gateway. By default the stack makes the issuer, a
 * Cognito user pool with a resource server carrying the admin scope, an app client for people (the
 * hosted UI, authorization code with PKCE) and one for machines (client credentials); with
 * `auth.issuer` set, it trusts that OIDC issuer and audience instead.
 */
import { Aws, aws_cognito as cognito, Duration, RemovalPolicy } from "aws-cdk-lib";
import { HttpJwtAuthorizer } from "aws-cdk-lib/aws-apigatewayv2-authorizers";
import { Construct } from "constructs";
import type { AppDescription } from "../model/index.js";
import { errorWithCode } from "../runtime/index.js";
import type { StagePolicy } from "./stage-policy.js";

export class AdminScopeError extends errorWithCode("infra.admin_scope") {
  constructor(scope: string) {
    super(
      `auth.adminScope is ${JSON.stringify(scope)}; a Cognito scope is "<resource server>/<scope>", like "app/admin". Write it so, or set auth.issuer to use another issuer.`,
    );
  }
}

/** `"app/admin"` → the resource server `app` and its scope `admin`. */
export function splitScope(scope: string): { readonly server: string; readonly name: string } {
  const match = /^([\w.:-]+)\/([\w.-]+)$/.exec(scope);
  if (match === null) throw new AdminScopeError(scope);
  return { server: match[1] as string, name: match[2] as string };
}

/** Cognito's limit on a domain prefix, which also may not hold these words. */
const maxDomainPrefixLength = 63;
const reservedDomainWords = ["aws", "amazon", "cognito"];

export class CognitoDomainError extends errorWithCode("infra.cognito_domain") {
  constructor(stem: string, problem: string) {
    super(`The user pool's domain prefix "${stem}-<account id>" ${problem}; rename the app or the stage.`);
  }
}

/** `<app>-<stage>`, checked against Cognito's rules for the prefix it starts. */
export function cognitoDomainStem(appName: string, stage: string): string {
  const stem = `${appName}-${stage}`;
  // The account id and its dash take 13 characters.
  if (stem.length + 13 > maxDomainPrefixLength) {
    throw new CognitoDomainError(stem, `would be over ${maxDomainPrefixLength} characters`);
  }
  const word = reservedDomainWords.find((reserved) => stem.includes(reserved));
  if (word !== undefined) throw new CognitoDomainError(stem, `holds "${word}", which Cognito refuses`);
  return stem;
}

/** The Cognito side, when the stack makes the issuer. */
export interface UserPoolAuth {
  readonly userPool: cognito.UserPool;
  readonly webClient: cognito.UserPoolClient;
  readonly machineClient: cognito.UserPoolClient;
  readonly tokenEndpoint: string;
}

export interface ApiAuthProps {
  readonly app: AppDescription;
  readonly stage: string;
  readonly policy: StagePolicy;
  /** Where the hosted UI may send people back to: the stage's web origins. */
  readonly callbackOrigins: readonly string[];
}

export class ApiAuth extends Construct {
  readonly authorizer: HttpJwtAuthorizer;
  readonly issuer: string;
  readonly userPool: UserPoolAuth | undefined;

  constructor(scope: Construct, id: string, { app, stage, policy, callbackOrigins }: ApiAuthProps) {
    super(scope, id);
    if (app.auth.issuer !== undefined) {
      this.issuer = app.auth.issuer;
      this.userPool = undefined;
      this.authorizer = new HttpJwtAuthorizer("Jwt", this.issuer, { jwtAudience: [...app.auth.audience] });
      return;
    }
    this.userPool = this.makeUserPool(app, stage, policy, callbackOrigins);
    this.issuer = this.userPool.userPool.userPoolProviderUrl;
    this.authorizer = new HttpJwtAuthorizer("Jwt", this.issuer, {
      // Cognito access tokens carry `client_id` and no `aud`: the gateway checks it against these.
      jwtAudience: [this.userPool.webClient.userPoolClientId, this.userPool.machineClient.userPoolClientId],
    });
  }

  private makeUserPool(
    app: AppDescription,
    stage: string,
    policy: StagePolicy,
    callbackOrigins: readonly string[],
  ): UserPoolAuth {
    const admin = splitScope(app.auth.adminScope);
    const userPool = new cognito.UserPool(this, "UserPool", {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      passwordPolicy: {
        minLength: 12,
        requireDigits: true,
        requireLowercase: true,
        requireUppercase: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { sms: false, otp: true },
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      deletionProtection: policy.production,
      removalPolicy: policy.production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    const adminScope = new cognito.ResourceServerScope({
      scopeName: admin.name,
      scopeDescription: "Read and change every owner's data",
    });
    const server = userPool.addResourceServer("ResourceServer", {
      identifier: admin.server,
      scopes: [adminScope],
    });
    const domain = userPool.addDomain("Domain", {
      // Domain prefixes are global per Region: the account id keeps this one unique.
      cognitoDomain: { domainPrefix: `${cognitoDomainStem(app.name, stage)}-${Aws.ACCOUNT_ID}` },
    });
    const callbackUrls = callbackOrigins
      .filter((origin) => !origin.includes("*"))
      .map((origin) => `${origin}/`);
    const webClient = userPool.addClient("WebClient", {
      generateSecret: false,
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
        ...(callbackUrls.length === 0 ? {} : { callbackUrls, logoutUrls: callbackUrls }),
      },
      preventUserExistenceErrors: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
    });
    const machineClient = userPool.addClient("MachineClient", {
      generateSecret: true,
      authFlows: {},
      oAuth: {
        flows: { clientCredentials: true },
        scopes: [cognito.OAuthScope.resourceServer(server, adminScope)],
      },
      accessTokenValidity: Duration.hours(1),
    });
    return {
      userPool,
      webClient,
      machineClient,
      tokenEndpoint: `${domain.baseUrl()}/oauth2/token`,
    };
  }
}
