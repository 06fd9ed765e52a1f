/**
 * API.md, Files: a todo's attachments, recorded as a list, and the deletes that take their files
 * with them (a todo, a user with an avatar and todos with attachments), over real HTTP against the
 * whole local stack.
 */
import { describe, expect, it } from "vitest";
import { pngBytes, uploadWithTicket } from "../support/uploads.js";
import { eventually, useLocalStack } from "./local-stack.js";

const stack = useLocalStack();

type Attachment = { key: string; contentType: string; size: number };

async function newTodo(sub: string): Promise<string> {
  const reply = await stack().call(sub, "POST", "/users/me/todos", { title: "Read the paper" });
  expect(reply.status).toBe(201);
  return ((await reply.json()) as { todoId: string }).todoId;
}

async function attachmentsOf(sub: string, todoId: string): Promise<Attachment[]> {
  const reply = await stack().call(sub, "GET", `/users/me/todos/${todoId}`);
  return ((await reply.json()) as { attachments: Attachment[] }).attachments;
}

const pdfBytes = Buffer.from(
  "%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n",
);

describe("a todo's attachments", () => {
  it("take an image and a PDF, each recorded once with its key, type and size, in upload order", async () => {
    const sub = await stack().newUser("attacher");
    const todoId = await newTodo(sub);
    expect(await attachmentsOf(sub, todoId)).toEqual([]);
    const path = `/users/me/todos/${todoId}/attachments`;
    const image = await stack().ticket(sub, path, "image/png");
    expect(image.key).toMatch(new RegExp(`^users/${sub}/todos/${todoId}/attachments/[0-9a-f-]{36}$`));
    expect(image.maxBytes).toBe(20 * 1024 * 1024);
    expect((await uploadWithTicket(image, pngBytes(1000))).status).toBe(204);
    await eventually(
      () => attachmentsOf(sub, todoId),
      (list) => list.length === 1,
    );
    const pdf = await stack().ticket(sub, path, "application/pdf");
    expect((await uploadWithTicket(pdf, pdfBytes)).status).toBe(204);
    expect(
      await eventually(
        () => attachmentsOf(sub, todoId),
        (list) => list.length === 2,
      ),
    ).toEqual([
      { key: image.key, contentType: "image/png", size: 1000 },
      { key: pdf.key, contentType: "application/pdf", size: pdfBytes.length },
    ]);
  });

  it("refuse a type the slot does not allow, naming the allowed ones, and a ticket for a missing todo", async () => {
    const sub = await stack().newUser("picky");
    const todoId = await newTodo(sub);
    const wrongType = await stack().call(sub, "POST", `/users/me/todos/${todoId}/attachments`, {
      contentType: "text/html",
    });
    expect(wrongType.status).toBe(400);
    expect(((await wrongType.json()) as { errors: unknown[] }).errors).toEqual([
      { path: "contentType", message: expect.stringContaining("application/pdf") },
    ]);
    const missing = await stack().call(
      sub,
      "POST",
      "/users/me/todos/0190a4b2-0000-7000-8000-000000000000/attachments",
      {
        contentType: "image/png",
      },
    );
    expect(missing.status).toBe(404);
  });
});

describe("a delete", () => {
  it("of a todo removes its attachments' objects", async () => {
    const sub = await stack().newUser("tidy");
    const todoId = await newTodo(sub);
    const ticket = await stack().ticket(sub, `/users/me/todos/${todoId}/attachments`);
    await uploadWithTicket(ticket, pngBytes());
    await eventually(
      () => attachmentsOf(sub, todoId),
      (list) => list.length === 1,
    );
    const endpoint = new URL(ticket.url).origin;
    expect(await stack().exists(endpoint, ticket.key)).toBe(true);
    expect((await stack().call(sub, "DELETE", `/users/me/todos/${todoId}`)).status).toBe(204);
    expect(await stack().exists(endpoint, ticket.key)).toBe(false);
  });

  it("of a user removes the avatar and every todo's attachments", async () => {
    const sub = await stack().newUser("leaver");
    const avatar = await stack().ticket(sub);
    await uploadWithTicket(avatar, pngBytes());
    const todoId = await newTodo(sub);
    const attachment = await stack().ticket(sub, `/users/me/todos/${todoId}/attachments`);
    await uploadWithTicket(attachment, pngBytes());
    await eventually(
      () => attachmentsOf(sub, todoId),
      (list) => list.length === 1,
    );
    await eventually(
      async () =>
        ((await (await stack().call(sub, "GET", "/users/me")).json()) as { avatar: unknown }).avatar,
      (value) => value !== null,
    );
    const endpoint = new URL(avatar.url).origin;
    expect((await stack().call(sub, "DELETE", "/users/me")).status).toBe(204);
    expect(await stack().exists(endpoint, avatar.key)).toBe(false);
    expect(await stack().exists(endpoint, attachment.key)).toBe(false);
  });

  it("of a user while an upload is in flight leaves no object behind: the recorder finds no user and deletes it", async () => {
    const sub = await stack().newUser("quick");
    const ticket = await stack().ticket(sub);
    expect((await stack().call(sub, "DELETE", "/users/me")).status).toBe(204);
    expect((await uploadWithTicket(ticket, pngBytes())).status).toBe(204);
    await stack().expectDeleted(ticket);
  });
});
