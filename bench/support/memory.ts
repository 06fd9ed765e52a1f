/**
 * Resident memory of a process tree, read from /proc (Linux): a process and all its descendants
 * (worker threads are part of their process; DynamoDB Local's JVM, esbuild and s3rver helpers are
 * children), each process on its own and the total.
 */
import { readdirSync, readFileSync } from "node:fs";

export interface ProcessMemory {
  readonly pid: number;
  /** The command's name, as /proc/<pid>/status gives it (`node`, `java`, `esbuild`). */
  readonly name: string;
  readonly rssMb: number;
}

export interface TreeMemory {
  /** The root process (for the dev server: the gateway and the functions' worker threads). */
  readonly rootMb: number;
  /** Its descendants, largest first. */
  readonly descendants: readonly ProcessMemory[];
  readonly totalMb: number;
}

const mb = (kb: number): number => Math.round(kb / 1024);

export function treeMemory(rootPid: number = process.pid): TreeMemory {
  const processes = new Map<number, { ppid: number; name: string; kb: number }>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = readFileSync(`/proc/${entry}/status`, "utf8");
      processes.set(Number(entry), {
        ppid: Number(/^PPid:\s+(\d+)/m.exec(status)?.[1]),
        name: /^Name:\s+(.*)$/m.exec(status)?.[1] ?? "?",
        kb: Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0),
      });
    } catch {
      // The process ended while being read.
    }
  }
  const descends = (pid: number): boolean => {
    for (let current = processes.get(pid)?.ppid; current !== undefined && current > 1; ) {
      if (current === rootPid) return true;
      current = processes.get(current)?.ppid;
    }
    return false;
  };
  const descendants = [...processes]
    .filter(([pid]) => pid !== rootPid && descends(pid))
    .map(([pid, { name, kb }]) => ({ pid, name, rssMb: mb(kb) }))
    .sort((a, b) => b.rssMb - a.rssMb);
  const rootKb = processes.get(rootPid)?.kb ?? 0;
  const totalKb =
    rootKb +
    [...processes].filter(([pid]) => pid !== rootPid && descends(pid)).reduce((sum, [, p]) => sum + p.kb, 0);
  return { rootMb: mb(rootKb), descendants, totalMb: mb(totalKb) };
}
