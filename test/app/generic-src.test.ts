/**
 * src/ is generic: the example app (SwiftyPlanner, its users and their todos) lives in app/ alone.
 * Every file under src/ is read, and any line naming the example app fails the test with its place.
 * AWS's and HTTP's own names that contain the word (a Cognito user pool, the User-Agent header) are
 * not the example app's.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "../..");

/** Whole words users/todos/usernames (singular or plural), and swifty or planner anywhere in a word. */
const exampleAppWords = /\b(?:users?|todos?|usernames?)\b|swifty|planner/i;

/** Names of AWS and HTTP themselves, taken out of a line before it is checked. */
const foreignNames = /\buser[ -](?:pool|agent)\b/gi;

/** `file:line: text` for each line of `text` that names the example app. */
function offendingLines(file: string, text: string): string[] {
  return text
    .split("\n")
    .flatMap((line, index) =>
      exampleAppWords.test(line.replaceAll(foreignNames, "")) ? [`${file}:${index + 1}: ${line.trim()}`] : [],
    );
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(path) : [path];
  });
}

describe("src/ names nothing of the example app", () => {
  it("finds the example app's words, whole, in any case, and not inside other words or AWS's names", () => {
    const text = [
      "GET /users/{userId}",
      "a user's todos",
      "USER#{userId}",
      "UNIQUE#USER#USERNAME",
      "planner/admin",
      "SwiftyPlanner",
      "userId, todoId, userAgent, superuser",
      "a Cognito user pool, the User-Agent header",
    ].join("\n");
    expect(offendingLines("f.ts", text).map((found) => found.split(":")[1])).toEqual([
      "1",
      "2",
      "3",
      "4",
      "5",
      "6",
    ]);
  });

  it("in any file under src/", () => {
    const files = filesUnder(join(root, "src"));
    expect(files.length).toBeGreaterThan(100);
    const found = files.flatMap((file) => offendingLines(relative(root, file), readFileSync(file, "utf8")));
    expect(found).toEqual([]);
  });
});
