/**
 * DynamoDB returns at most 1 MB per Query: a page of large todos ends early, and its cursor must
 * still lead to the rest (no todo is ever unreachable).
 */
import { describe, expect, it } from "vitest";
import { app } from "../../app/portico.config.js";
import { useTestApi } from "../support/use-test-api.js";
import { newOwner, postTodo } from "./todos-support.js";

const { api } = useTestApi(app);

describe("GET /users/{userId}/todos over DynamoDB's 1 MB page cap", () => {
  it("continues with a cursor when a page ends early, and walks every todo once", async () => {
    const sub = await newOwner(api);
    // 5000 three-byte characters: about 15 KB a todo, so 80 todos are more than 1 MB.
    const notes = "☕".repeat(5000);
    const created: string[] = [];
    for (let start = 0; start < 80; start += 10) {
      const replies = await Promise.all(
        Array.from({ length: 10 }, (_, index) =>
          postTodo(api, sub, { body: { title: `t${start + index}`, notes } }),
        ),
      );
      for (const reply of replies) created.push(reply.json.todoId as string);
    }
    const seen: string[] = [];
    const pageSizes: number[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor === null ? "" : `&cursor=${encodeURIComponent(cursor)}`;
      const reply = await api.call({ method: "GET", path: `/users/${sub}/todos?limit=100${query}`, as: sub });
      expect(reply.status).toBe(200);
      pageSizes.push(reply.json.items.length);
      seen.push(...reply.json.items.map((item: { todoId: string }) => item.todoId));
      cursor = reply.json.nextCursor;
    } while (cursor !== null);
    expect(pageSizes[0]).toBeLessThan(80);
    expect([...seen].sort()).toEqual([...created].sort());
    expect(new Set(seen).size).toBe(80);
  });
});
