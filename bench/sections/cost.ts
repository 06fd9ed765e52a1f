/**
 * Issue 11, point 4: what each function asks of DynamoDB (requests, and the capacity units
 * DynamoDB Local reports with ReturnConsumedCapacity) and S3, how long it runs warm against them,
 * and from that the cost per million requests on AWS: HTTP API + Lambda arm64 at the function's
 * memory and measured duration + DynamoDB on demand + S3, with the same route on a REST API beside it.
 */
import { app } from "../../app/portico.config.js";
import { describeApp } from "../../src/model/index.js";
import { prices } from "../support/prices.js";
import { todosPerSession } from "../support/route-lifecycle.js";
import { type CostRow, routeRuns } from "../support/route-runs.js";
import type { Section } from "../support/section.js";

const description = describeApp(app);

/** Dollars per million invocations of one function, by part. */
export function costPerMillion(row: CostRow, memoryMb: number, viaApi: boolean) {
  const billedMs = Math.max(1, Math.ceil(row.medianMs));
  const lambda =
    prices.lambdaRequestsPerMillion +
    (memoryMb / 1024) * (billedMs / 1000) * prices.lambdaArm64PerGbSecond * 1e6;
  const dynamodb =
    row.readUnits * prices.dynamodbReadUnitPerMillion + row.writeUnits * prices.dynamodbWriteUnitPerMillion;
  const s3 = row.s3Gets * prices.s3GetPerThousand * 1000 + row.s3Puts * prices.s3PutPerThousand * 1000;
  const functionsOnly = lambda + dynamodb + s3;
  return {
    billedMs,
    lambda,
    dynamodb,
    s3,
    httpApi: functionsOnly + (viaApi ? prices.httpApiPerMillion : 0),
    restApi: functionsOnly + (viaApi ? prices.restApiPerMillion : 0),
  };
}

const dollars = (value: number) => `$${value < 0.1 ? value.toFixed(3) : value.toFixed(2)}`;
const units = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(1));

export const costSection: Section = {
  name: "cost",
  title: "DynamoDB requests, capacity units and cost per million requests (us-east-1, on demand)",
  async run() {
    const { cost } = await routeRuns();
    const rows = cost.map((row) => {
      const fn = description.functions.find((candidate) => candidate.name === row.functionName);
      const memoryMb = fn?.memoryMb ?? 0;
      return { row, memoryMb, dollars: costPerMillion(row, memoryMb, row.trigger !== "s3:ObjectCreated") };
    });
    const crud = description.routes.filter((route) => route.kind === "entity").map((route) => route.routeKey);
    const crudRows = rows.filter(({ row }) => crud.includes(row.trigger));
    const notOne = crudRows.filter(({ row }) => row.dynamodbRequests !== 1);
    return {
      figures: rows.map(({ row, memoryMb, dollars: parts }) => ({ ...row, memoryMb, costPerMillion: parts })),
      table: {
        columns: [
          "function",
          "DynamoDB requests",
          "RRU",
          "WRU",
          "S3 requests",
          "ms (billed)",
          "Lambda",
          "DynamoDB",
          "total, HTTP API",
          "total, REST API",
        ],
        rows: rows.map(({ row, memoryMb, dollars: parts }) => [
          row.trigger === "s3:ObjectCreated" ? `${row.functionName} (S3 event)` : row.trigger,
          units(row.dynamodbRequests),
          units(row.readUnits),
          units(row.writeUnits),
          units(row.s3Gets + row.s3Puts + row.s3Deletes),
          `${row.medianMs.toFixed(1)} (${parts.billedMs}) at ${memoryMb} MB`,
          dollars(parts.lambda),
          dollars(parts.dynamodb),
          dollars(parts.httpApi),
          dollars(parts.restApi),
        ]),
      },
      verdicts: [
        {
          subject: "DynamoDB requests per CRUD request",
          budget: "exactly 1",
          measured:
            notOne.length === 0
              ? `1 on all ${crudRows.length} CRUD routes`
              : `1 on ${crudRows.length - notOne.length} of ${crudRows.length}; ${notOne.map(({ row }) => `${row.trigger} ${units(row.dynamodbRequests)}`).join(", ")}`,
          met: notOne.length === 0,
        },
      ],
      notes: [
        `Dollars per million requests: HTTP API $${prices.httpApiPerMillion.toFixed(2)} (REST API $${prices.restApiPerMillion.toFixed(2)}), Lambda $${prices.lambdaRequestsPerMillion.toFixed(2)} + $${prices.lambdaArm64PerGbSecond} per GB-s on arm64 billed per whole ms, DynamoDB $${prices.dynamodbWriteUnitPerMillion} per million WRU and $${prices.dynamodbReadUnitPerMillion} per million RRU, S3 $${prices.s3PutPerThousand} per 1,000 PUT/POST and $${prices.s3GetPerThousand} per 1,000 GET (DELETE free; the avatar delete's DeleteObjects is a POST and is priced as one, the upper bound). Not counted: logs, metrics, X-Ray, Secrets Manager, data transfer.`,
        `Capacity units are DynamoDB Local's ReturnConsumedCapacity (INDEXES: GSI writes included), the mean over ${rows[0]?.row.invocations ?? 0} or more invocations; the duration is the median warm invocation in process against DynamoDB Local and the embedded S3 on this machine (on AWS a DynamoDB round trip takes a few ms as well).`,
        "DynamoDB Local reports a transactional write as 4 WRU per item of up to 1 KB (plus GSI writes); AWS documents 2 per KB for transactions, so routes that write in a transaction (`POST /users` with its username claim, `POST .../todos` with its check of the parent) may cost up to half of what is shown.",
        `\`DELETE /users/{userId}\` removes the user's todos too (API.md): its figures are for a user with ${todosPerSession - 1} todos left (one Query and a BatchWriteItem per 25 items).`,
      ],
    };
  },
};
