/**
 * What tells a stage's operator something is wrong: alarms on the API's 5xx rate, on each
 * function's errors and throttles (CloudWatch alarms take at most 10 metrics, so one sum over every
 * function cannot be one alarm), and on DynamoDB's system errors, sent to an SNS topic (and the stage's
 * alarm e-mail, when set); and one dashboard with the API, each route's requests, errors and
 * latency (the functions' own metrics) and the table.
 */

import type { aws_apigatewayv2 as apigw, aws_dynamodb as dynamodb, aws_lambda as lambda } from "aws-cdk-lib";
import {
  aws_cloudwatch_actions as actions,
  aws_cloudwatch as cloudwatch,
  Duration,
  aws_kms as kms,
  aws_sns as sns,
} from "aws-cdk-lib";
import { EmailSubscription } from "aws-cdk-lib/aws-sns-subscriptions";
import { Construct } from "constructs";
import type { AppDescription } from "../model/index.js";
import { stackName } from "./names.js";

export interface ObservabilityProps {
  readonly app: AppDescription;
  readonly stage: string;
  readonly alarmEmail: string | undefined;
  readonly api: apigw.HttpApi;
  readonly apiStage: apigw.HttpStage;
  /** By their name in `describeApp`. */
  readonly functions: ReadonlyMap<string, lambda.Function>;
  readonly table: dynamodb.TableV2;
}

const period = Duration.minutes(5);

export class Observability extends Construct {
  readonly topic: sns.Topic;
  readonly alarms: readonly cloudwatch.Alarm[];
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: ObservabilityProps) {
    super(scope, id);
    const { app, stage, api, table } = props;
    this.topic = new sns.Topic(this, "Alarms", {
      masterKey: kms.Alias.fromAliasName(this, "SnsKey", "alias/aws/sns"),
      enforceSSL: true,
    });
    if (props.alarmEmail !== undefined) this.topic.addSubscription(new EmailSubscription(props.alarmEmail));

    const apiMetric = (metricName: string, statistic: string) =>
      new cloudwatch.Metric({
        namespace: "AWS/ApiGateway",
        metricName,
        dimensionsMap: { ApiId: api.apiId, Stage: props.apiStage.stageName },
        statistic,
        period,
      });
    const serverErrorRate = new cloudwatch.MathExpression({
      expression: "100 * errors / MAX([requests, 1])",
      usingMetrics: { errors: apiMetric("5xx", "Sum"), requests: apiMetric("Count", "Sum") },
      label: "5xx rate (%)",
      period,
    });
    const functions = [...props.functions];
    const lambdaMetrics = (metricName: "Errors" | "Throttles") =>
      functions.map(([name, fn]) => fn.metric(metricName, { statistic: "Sum", period, label: name }));
    const dynamoSystemErrors = new cloudwatch.Metric({
      namespace: "AWS/DynamoDB",
      metricName: "SystemErrors",
      dimensionsMap: { TableName: table.tableName },
      statistic: "Sum",
      period,
    });
    const alarm = (
      name: string,
      metric: cloudwatch.Metric | cloudwatch.MathExpression,
      threshold: number,
      description: string,
    ) => {
      const created = metric.createAlarm(this, name, {
        alarmDescription: `${stackName(app, stage)}: ${description}`,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      created.addAlarmAction(new actions.SnsAction(this.topic));
      return created;
    };
    this.alarms = [
      alarm("ServerErrorRate", serverErrorRate, 1, "more than 1% of API requests answered 5xx in 5 minutes"),
      ...functions.flatMap(([name, fn]) => [
        alarm(
          `Errors-${name}`,
          fn.metricErrors({ statistic: "Sum", period }),
          0,
          `${name} failed (threw, crashed or timed out)`,
        ),
        alarm(
          `Throttles-${name}`,
          fn.metricThrottles({ statistic: "Sum", period }),
          0,
          `${name} was throttled`,
        ),
      ]),
      alarm("DynamoDbSystemErrors", dynamoSystemErrors, 0, "DynamoDB answered a request with a system error"),
    ];

    const routeMetric = (metricName: string, statistic: string) =>
      app.routes.map(
        (route) =>
          new cloudwatch.Metric({
            namespace: app.metrics.namespace,
            metricName,
            dimensionsMap: { service: stackName(app, stage), [app.metrics.routeDimension]: route.routeKey },
            statistic,
            period,
            label: route.routeKey,
          }),
      );
    this.dashboard = new cloudwatch.Dashboard(this, "Dashboard", {
      dashboardName: stackName(app, stage),
      widgets: [
        [
          new cloudwatch.GraphWidget({ title: "API requests", left: [apiMetric("Count", "Sum")], width: 8 }),
          new cloudwatch.GraphWidget({ title: "API 5xx rate (%)", left: [serverErrorRate], width: 8 }),
          new cloudwatch.AlarmStatusWidget({
            title: "Alarms",
            alarms: [...this.alarms],
            width: 8,
            height: 8,
          }),
        ],
        [
          new cloudwatch.GraphWidget({
            title: "Requests by route",
            left: routeMetric(app.metrics.requests, "Sum"),
            width: 8,
          }),
          new cloudwatch.GraphWidget({
            title: "Errors by route",
            left: routeMetric(app.metrics.errors, "Sum"),
            width: 8,
          }),
          new cloudwatch.GraphWidget({
            title: "Latency by route (p99, ms)",
            left: routeMetric(app.metrics.latency, "p99"),
            width: 8,
          }),
        ],
        [
          new cloudwatch.GraphWidget({ title: "Lambda errors", left: lambdaMetrics("Errors"), width: 8 }),
          new cloudwatch.GraphWidget({
            title: "Lambda throttles",
            left: lambdaMetrics("Throttles"),
            width: 8,
          }),
          new cloudwatch.GraphWidget({
            title: "DynamoDB system errors",
            left: [dynamoSystemErrors],
            width: 8,
          }),
        ],
      ],
    });
  }
}
