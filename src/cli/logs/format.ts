/**
 * One log entry as one readable line, like the local access log: time, function, level, message,
 * status, request id, and the error's message when there is one. A function's Powertools lines are
 * JSON; Lambda's own lines (START, END, REPORT, or its JSON platform records) are shown as they are.
 */
import type { LogEntry } from "./entries.js";

type Json = Record<string, unknown>;

function parsed(message: string): Json | undefined {
  const text = message.trim();
  if (!text.startsWith("{")) return undefined;
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
  } catch {
    return undefined;
  }
}

const text = (value: unknown): string | undefined =>
  typeof value === "string" && value !== "" ? value : typeof value === "number" ? String(value) : undefined;

/** Powertools logs an Error as `{ name, message, stack, … }`; a string error is its own message. */
function errorMessage(line: Json): string | undefined {
  const error = line.error;
  if (typeof error === "object" && error !== null) return text(Reflect.get(error, "message"));
  return text(error);
}

export function formatLogEntry(entry: LogEntry): string {
  const time = new Date(entry.timestamp).toISOString();
  const line = parsed(entry.message);
  if (line === undefined) return `${time} ${entry.functionName} ${entry.message.trim()}`;
  const fields = [
    time,
    entry.functionName,
    text(line.level) ?? text(line.type) ?? "-",
    text(line.message) ?? "-",
    text(line.status) ?? "-",
    text(line.requestId) ?? text(line.awsRequestId) ?? "-",
  ];
  const error = errorMessage(line);
  return error === undefined ? fields.join(" ") : `${fields.join(" ")} (${error})`;
}
