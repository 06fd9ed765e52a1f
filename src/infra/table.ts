/**
 * The app's single table as DESIGN.md lays it out: `PK`/`SK`, the sparse `GSI1`, the TTL
 * attribute; on-demand billing, point-in-time recovery and encryption at rest with a KMS key
 * AWS manages for DynamoDB.
 */
import { aws_dynamodb as dynamodb } from "aws-cdk-lib";
import { Construct } from "constructs";
import type { TableDescription } from "../model/index.js";
import type { StagePolicy } from "./stage-policy.js";

export interface AppTableProps {
  readonly table: TableDescription;
  readonly policy: StagePolicy;
}

export class AppTable extends Construct {
  readonly table: dynamodb.TableV2;

  constructor(scope: Construct, id: string, { table, policy }: AppTableProps) {
    super(scope, id);
    const stringKey = (name: string) => ({ name, type: dynamodb.AttributeType.STRING });
    this.table = new dynamodb.TableV2(this, "Table", {
      partitionKey: stringKey(table.partitionKey),
      sortKey: stringKey(table.sortKey),
      billing: dynamodb.Billing.onDemand(),
      globalSecondaryIndexes: table.indexes.map((index) => ({
        indexName: index.name,
        partitionKey: stringKey(index.partitionKey),
        sortKey: stringKey(index.sortKey),
        projectionType: dynamodb.ProjectionType.ALL,
      })),
      timeToLiveAttribute: table.ttlAttribute,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryptionV2.awsManagedKey(),
      deletionProtection: policy.production,
      removalPolicy: policy.removalPolicy,
    });
  }

  /** The ARN of `"table"` or of `"index/<name>"`, as a function's permissions name them. */
  arnOf(resource: "table" | `index/${string}`): string {
    return resource === "table" ? this.table.tableArn : `${this.table.tableArn}/${resource}`;
  }
}
