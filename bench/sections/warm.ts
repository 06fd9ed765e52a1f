/**
 * Issue 11, point 3: the warm handler's own work per route — the median CPU time of an invocation
 * with the SDK answered from memory at the transport (it still builds, signs and parses every
 * request) — beside the same routes written the tutorials' way (Express through serverless-http,
 * Middy with its JSON, validator and error middlewares) and the bare SDK call under all of them.
 */
import { routeRuns, type WarmRow } from "../support/route-runs.js";
import type { Section } from "../support/section.js";

export const warmBudgetMs = 0.2;

const ms = (value: number | undefined) => (value === undefined ? "—" : value.toFixed(3));
const factor = (value: number | undefined, of: number) =>
  value === undefined ? "—" : `${(value / of).toFixed(2)}×`;

export const warmSection: Section = {
  name: "warm",
  title: "Warm handler work per invocation (median CPU ms, DynamoDB and S3 answered from memory)",
  async run() {
    const { warm } = await routeRuns();
    const of = (trigger: string, implementation: WarmRow["implementation"]) =>
      warm.find((row) => row.trigger === trigger && row.implementation === implementation)?.medianCpuMs;
    const portico = warm.filter((row) => row.implementation === "portico");
    const slowest = portico.reduce((worst, row) => (row.medianCpuMs > worst.medianCpuMs ? row : worst));
    const compared = portico.filter((row) => of(row.trigger, "sdk") !== undefined);
    const ownWork = compared.map((row) => row.medianCpuMs - (of(row.trigger, "sdk") ?? 0));
    return {
      figures: warm,
      table: {
        columns: [
          "route",
          "Portico",
          "Express + serverless-http",
          "Middy",
          "SDK call alone",
          "Express ÷ Portico",
          "Middy ÷ Portico",
        ],
        rows: portico.map((row) => [
          row.trigger,
          ms(row.medianCpuMs),
          ms(of(row.trigger, "express")),
          ms(of(row.trigger, "middy")),
          ms(of(row.trigger, "sdk")),
          factor(of(row.trigger, "express"), row.medianCpuMs),
          factor(of(row.trigger, "middy"), row.medianCpuMs),
        ]),
      },
      verdicts: [
        {
          subject: "warm handler work (median CPU per invocation, slowest route)",
          budget: `≤ ${warmBudgetMs} ms`,
          measured: `${ms(slowest.medianCpuMs)} ms (${slowest.trigger}); fastest ${ms(Math.min(...portico.map((row) => row.medianCpuMs)))} ms`,
          met: slowest.medianCpuMs <= warmBudgetMs,
        },
      ],
      notes: [
        `${portico[0]?.invocations ?? 0} invocations per route after a warm-up, in one process; CPU is user + system time (process.cpuUsage), so the SDK's signing, serializing and parsing count, the round trip does not.`,
        `"SDK call alone" is the route's DynamoDB request through the same document client with no HTTP handling at all: the floor under every implementation. Portico's own work above it: ${compared
          .map((row, index) => `${row.trigger} ${ms(ownWork[index])} ms`)
          .join(", ")}.`,
        "Lambda bills whole milliseconds: every route here bills 1 ms of handler work, and the DynamoDB round trip (a few ms on AWS) dominates the duration (see the cost table).",
      ],
    };
  },
};
