/**
 * CPU time a process has used so far (user + system, all its threads), read from /proc (Linux):
 * the difference over a run, divided by the requests served, says where a request's time goes
 * (the node process with its worker threads, DynamoDB Local's JVM).
 */
import { readFileSync } from "node:fs";

/** The kernel's clock ticks per second (`getconf CLK_TCK`), 100 on Linux. */
const ticksPerSecond = 100;

export function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // utime and stime are the 14th and 15th fields; the command (field 2) may hold spaces.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
}
