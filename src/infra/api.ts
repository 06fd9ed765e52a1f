/**
 * The HTTP API: stage `v1` with auto-deploy, throttling and a JSON access log; CORS for the
 * stage's origins; one Lambda proxy integration (payload 2.0) per route, behind the JWT authorizer
 * except where the route is public; and, when configured, a custom domain mapped to the stage with
 * the default execute-api endpoint disabled.
 */
import {
  aws_certificatemanager as acm,
  aws_apigatewayv2 as apigw,
  Duration,
  aws_logs as logs,
  RemovalPolicy,
  aws_apigateway as restApi,
} from "aws-cdk-lib";
import type { HttpJwtAuthorizer } from "aws-cdk-lib/aws-apigatewayv2-authorizers";
import { HttpLambdaIntegration } from "aws-cdk-lib/aws-apigatewayv2-integrations";
import { Construct } from "constructs";
import type { AppDescription, RouteDescription, StageConfig } from "../model/index.js";
import { accessLogFields } from "./access-log.js";
import { acceptFinding } from "./nag-suppressions.js";
import type { RouteFunction } from "./route-function.js";

export interface HttpApiProps {
  readonly app: AppDescription;
  readonly stage: StageConfig;
  readonly allowOrigins: readonly string[];
  readonly authorizer: HttpJwtAuthorizer;
  readonly functions: ReadonlyMap<string, RouteFunction>;
  readonly logRetention: logs.RetentionDays;
}

export class HttpApi extends Construct {
  readonly api: apigw.HttpApi;
  readonly stage: apigw.HttpStage;
  readonly accessLogs: logs.LogGroup;
  /** The URL devices call: the custom domain's, else the execute-api endpoint's with the stage. */
  readonly url: string;

  constructor(scope: Construct, id: string, props: HttpApiProps) {
    super(scope, id);
    const { app, stage } = props;
    const cors = app.cors;
    this.api = new apigw.HttpApi(this, "Api", {
      apiName: app.name,
      createDefaultStage: false,
      disableExecuteApiEndpoint: stage.domain !== undefined,
      ...(cors === undefined || props.allowOrigins.length === 0
        ? {}
        : {
            corsPreflight: {
              allowOrigins: [...props.allowOrigins],
              allowMethods: cors.allowMethods.map((method) => method as apigw.CorsHttpMethod),
              allowHeaders: [...cors.allowHeaders],
              exposeHeaders: [...cors.exposeHeaders],
              maxAge: Duration.seconds(cors.maxAge),
              allowCredentials: cors.allowCredentials,
            },
          }),
    });
    this.accessLogs = new logs.LogGroup(this, "AccessLogs", {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const domain = stage.domain === undefined ? undefined : this.domain(stage.domain);
    this.stage = this.api.addStage("Stage", {
      stageName: app.stage,
      autoDeploy: true,
      ...(app.throttling === undefined ? {} : { throttle: { ...app.throttling } }),
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(this.accessLogs),
        format: restApi.AccessLogFormat.custom(JSON.stringify(accessLogFields)),
      },
      ...(domain === undefined ? {} : { domainMapping: { domainName: domain } }),
    });
    for (const route of app.routes) this.addRoute(route, props);
    this.url =
      stage.domain === undefined ? this.stage.url.replace(/\/$/, "") : `https://${stage.domain.name}`;
  }

  private domain(domain: NonNullable<StageConfig["domain"]>): apigw.DomainName {
    return new apigw.DomainName(this, "Domain", {
      domainName: domain.name,
      certificate: acm.Certificate.fromCertificateArn(this, "Certificate", domain.certificateArn),
      endpointType: apigw.EndpointType.REGIONAL,
      securityPolicy: apigw.SecurityPolicy.TLS_1_2,
    });
  }

  private addRoute(route: RouteDescription, props: HttpApiProps): void {
    const fn = props.functions.get(route.function);
    if (fn === undefined)
      throw new TypeError(`No function "${route.function}" for route "${route.routeKey}".`);
    const created = new apigw.HttpRoute(this, `Route-${route.function}`, {
      httpApi: this.api,
      routeKey: apigw.HttpRouteKey.with(route.path, route.method as apigw.HttpMethod),
      integration: new HttpLambdaIntegration(`${route.function}-integration`, fn.function, {
        payloadFormatVersion: apigw.PayloadFormatVersion.VERSION_2_0,
      }),
      ...(route.authorized ? { authorizer: props.authorizer, authorizationScopes: [...route.scopes] } : {}),
    });
    if (!route.authorized) acceptFinding(created, "AwsSolutions-APIG4");
  }
}
