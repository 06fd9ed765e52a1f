/**
 * `npm run bench:soak`: the whole local stack under a mixed workload for two minutes
 * (`SOAK_SECONDS`): autocannon cycling reads, writes and lists of todos (`SOAK_CONNECTIONS`,
 * default 10), and beside it a loop of real uploads (a ticket, then the multipart POST to the S3
 * front, then the recorder). It reports throughput, p50 and p99, the error count (any non-2xx, error
 * or timeout: it must be 0) and the resident memory of the whole stack (this process, its worker
 * threads, DynamoDB Local's JVM) at the start, every 10 s, and at the end, so a growth trend shows.
 * Results go to bench/soak-results.json.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import { app } from "../app/portico.config.js";
import { startDevServer } from "../src/local/dev/dev-server.js";
import { localTokenPath } from "../src/runtime/index.js";
import { pngBytes, type UploadTicket, uploadWithTicket } from "../test/support/uploads.js";

const seconds = Number(process.env.SOAK_SECONDS ?? 120);
const connections = Number(process.env.SOAK_CONNECTIONS ?? 10);

/**
 * Resident memory (MiB) of the whole stack from /proc: this process (the gateway and the functions'
 * worker threads) and its descendants (DynamoDB Local's JVM), each part and the total.
 */
function stackMemoryMb(): { node: number; others: number; total: number } {
  const parents = new Map<number, number>();
  const rss = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = readFileSync(`/proc/${entry}/status`, "utf8");
      const ppid = Number(/^PPid:\s+(\d+)/m.exec(status)?.[1]);
      const kb = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0);
      parents.set(Number(entry), ppid);
      rss.set(Number(entry), kb);
    } catch {
      // The process ended while being read.
    }
  }
  const inStack = (pid: number): boolean => {
    for (
      let current: number | undefined = pid;
      current !== undefined && current > 1;
      current = parents.get(current)
    )
      if (current === process.pid) return true;
    return false;
  };
  let othersKb = 0;
  for (const [pid, kb] of rss) if (pid !== process.pid && inStack(pid)) othersKb += kb;
  const nodeKb = rss.get(process.pid) ?? 0;
  const mb = (kb: number) => Math.round(kb / 1024);
  return { node: mb(nodeKb), others: mb(othersKb), total: mb(nodeKb + othersKb) };
}

async function token(url: string, sub: string): Promise<string> {
  const response = await fetch(`${url}${localTokenPath}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ sub }),
  });
  return ((await response.json()) as { access_token: string }).access_token;
}

const dataDir = await mkdtemp(join(tmpdir(), "portico-soak-"));
const server = await startDevServer({ app, port: 0, dataDir, watch: false, log: () => {} });
try {
  await server.ready;
  const bearer = `Bearer ${await token(server.url, "soak-user")}`;
  const json = { authorization: bearer, "content-type": "application/json" };
  const created = await fetch(`${server.apiUrl}/users`, {
    method: "POST",
    headers: json,
    body: JSON.stringify({
      username: "soak_user",
      firstName: "Soak",
      lastName: "Test",
      email: "soak@example.com",
    }),
  });
  if (created.status !== 201) throw new Error(`soak: the user was not created (${created.status})`);

  const requests: autocannon.Request[] = [
    { method: "GET", path: "/v1/users/me", headers: { authorization: bearer } },
    { method: "POST", path: "/v1/users/me/todos", headers: json, body: JSON.stringify({ title: "Soak" }) },
    { method: "GET", path: "/v1/users/me/todos?limit=20", headers: { authorization: bearer } },
    {
      method: "PATCH",
      path: "/v1/users/me",
      headers: { ...json, "content-type": "application/merge-patch+json" },
      body: JSON.stringify({ bio: "soaking" }),
    },
  ];
  // Warm up first (functions load, sandboxes start, the JIT settles): not counted.
  await autocannon({
    url: server.apiUrl,
    connections,
    duration: Number(process.env.SOAK_WARMUP_SECONDS ?? 10),
    requests,
  });

  const memory: ({ atSecond: number } & ReturnType<typeof stackMemoryMb>)[] = [];
  const started = Date.now();
  const sample = () =>
    memory.push({ atSecond: Math.round((Date.now() - started) / 1000), ...stackMemoryMb() });
  sample();
  const sampler = setInterval(sample, 10_000);

  let uploads = 0;
  let uploadErrors = 0;
  let uploading = true;
  const uploadLoop = (async () => {
    while (uploading) {
      const reply = await fetch(`${server.apiUrl}/users/me/avatar`, {
        method: "POST",
        headers: json,
        body: JSON.stringify({ contentType: "image/png" }),
      });
      const ok =
        reply.status === 200 &&
        (await uploadWithTicket((await reply.json()) as UploadTicket, pngBytes(4096))).status === 204;
      if (ok) uploads++;
      else uploadErrors++;
    }
  })();

  const result = await autocannon({
    url: server.apiUrl,
    connections,
    duration: seconds,
    requests,
  });
  uploading = false;
  await uploadLoop;
  // autocannon stops at its deadline without waiting for the answers still in flight; let them
  // finish before the stack stops (stopping while requests are in flight is issue 11's drain).
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  clearInterval(sampler);
  sample();

  const errors = result.non2xx + result.errors + result.timeouts + uploadErrors;
  const report = {
    seconds,
    connections,
    requests: result.requests.total,
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    uploads,
    errors,
    memoryMb: { start: memory[0], end: memory.at(-1), samples: memory },
  };
  writeFileSync(new URL("./soak-results.json", import.meta.url), `${JSON.stringify(report, null, 2)}\n`);
  console.log(
    [
      `soak: ${seconds} s, ${connections} connections: ${report.requests} requests (${report.requestsPerSecond}/s), ` +
        `p50 ${report.p50Ms} ms, p99 ${report.p99Ms} ms, ${uploads} uploads, ${errors} errors`,
      `memory (MiB, node + DynamoDB Local = total): ${memory
        .map((point) => `${point.atSecond}s ${point.node}+${point.others}=${point.total}`)
        .join(", ")}`,
    ].join("\n"),
  );
  if (errors > 0) process.exitCode = 1;
} finally {
  await server.stop();
  await rm(dataDir, { recursive: true, force: true });
}
