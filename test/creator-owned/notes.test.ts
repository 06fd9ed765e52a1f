/**
 * Creator-owned items over real HTTP through the local gateway (functions loaded from
 * `test/creator-owned/app`, images on the embedded S3): a note belongs to the caller who made it.
 * Its `authorId` comes from the token, never from the path or the body, so a caller lists, reads,
 * edits and deletes only their own, another caller's note is not found, and a forged body or a
 * cursor of someone else's list reaches nothing.
 */
import { describeApp } from "portico/model";
import { describe, expect, it } from "vitest";
import { pngBytes, uploadWithTicket } from "../support/uploads.js";
import { useTestApi } from "../support/use-test-api.js";
import { app, notes } from "./app/portico.config.js";

const appDir = new URL("./app", import.meta.url).pathname;
const mergePatch = { "content-type": "application/merge-patch+json" };

describe("notes owned by their creator, through the local gateway", () => {
  const { api, expectFieldErrors, expectProblem } = useTestApi(app, { api: { target: "gateway", appDir } });
  let callers = 0;
  const newCaller = () => `writer-${Date.now()}-${++callers}`;

  const write = async (as: string, title: string, pinned = false) => {
    const reply = await api.call({ method: "POST", path: "/notes", as, body: { title, pinned } });
    expect(reply.status).toBe(201);
    return reply.json as { noteId: string; authorId: string; title: string };
  };

  it("records the creator from the token, and answers the note at its own path", async () => {
    const ada = newCaller();
    const note = await write(ada, "Buy seeds");
    expect(note).toMatchObject({ authorId: ada, title: "Buy seeds", pinned: false, images: [], version: 1 });
    expect(note.noteId).toMatch(/^[0-9a-f-]{36}$/);
    const read = await api.call({ method: "GET", path: `/notes/${note.noteId}`, as: ada });
    expect(read.status).toBe(200);
    expect(read.json).toEqual(note);
  });

  it("hides a note from every other caller: reading, editing and deleting it are a 404", async () => {
    const ada = newCaller();
    const eve = newCaller();
    const { noteId } = await write(ada, "Private");
    const path = `/notes/${noteId}`;
    expectProblem(await api.call({ method: "GET", path, as: eve }), 404);
    expectProblem(
      await api.call({ method: "PATCH", path, as: eve, headers: mergePatch, body: { title: "Mine now" } }),
      404,
    );
    expectProblem(await api.call({ method: "DELETE", path, as: eve }), 404);
    // The admin scope reaches no one else's notes either: there is no path to them.
    expectProblem(await api.call({ method: "GET", path, as: eve, scope: app.auth.adminScope }), 404);
    const still = await api.call({ method: "GET", path, as: ada });
    expect(still.json).toMatchObject({ title: "Private", version: 1 });
  });

  it("refuses a body that names the creator, so no one writes into another's partition", async () => {
    const eve = newCaller();
    const forged = await api.call({
      method: "POST",
      path: "/notes",
      as: eve,
      body: { title: "x", authorId: "ada" },
    });
    expectFieldErrors(forged, ["authorId"]);
    const { noteId } = await write(eve, "Mine");
    const patched = await api.call({
      method: "PATCH",
      path: `/notes/${noteId}`,
      as: eve,
      headers: mergePatch,
      body: { authorId: "ada" },
    });
    expectFieldErrors(patched, ["authorId"]);
  });

  it("lists the caller's own notes newest first, pages them, and filters them from an index", async () => {
    const ada = newCaller();
    const bob = newCaller();
    const mine = [await write(ada, "one", true), await write(ada, "two"), await write(ada, "three", true)];
    await write(bob, "bob's");
    const first = await api.call({ method: "GET", path: "/notes?limit=2", as: ada });
    expect(first.status).toBe(200);
    expect(first.json.items.map((note: { title: string }) => note.title)).toEqual(["three", "two"]);
    const rest = await api.call({
      method: "GET",
      path: `/notes?limit=2&cursor=${encodeURIComponent(first.json.nextCursor)}`,
      as: ada,
    });
    expect(rest.json).toEqual({ items: [mine[0]], nextCursor: null });
    // A cursor is bound to its caller: Bob cannot page through Ada's list with it.
    const stolen = await api.call({
      method: "GET",
      path: `/notes?limit=2&cursor=${encodeURIComponent(first.json.nextCursor)}`,
      as: bob,
    });
    expectProblem(stolen, 400);
    const pinned = await api.call({ method: "GET", path: "/notes?pinned=true", as: ada });
    expect(pinned.json.items.map((note: { title: string }) => note.title)).toEqual(["three", "one"]);
    const bobs = await api.call({ method: "GET", path: "/notes", as: bob });
    expect(bobs.json.items.map((note: { title: string }) => note.title)).toEqual(["bob's"]);
  });

  it("replays an idempotent create per creator: the same key from another caller makes their own note", async () => {
    const ada = newCaller();
    const bob = newCaller();
    const create = (as: string) =>
      api.call({
        method: "POST",
        path: "/notes",
        as,
        headers: { "idempotency-key": "same-key-123" },
        body: { title: "once" },
      });
    const [first, again, other] = [await create(ada), await create(ada), await create(bob)];
    expect(first.status).toBe(201);
    expect(again.json.noteId).toBe(first.json.noteId);
    expect(other.status).toBe(201);
    expect(other.json).toMatchObject({ authorId: bob });
    expect(other.json.noteId).not.toBe(first.json.noteId);
  });

  it("keeps a note's checklist under it, owned through it, and deletes it with the note", async () => {
    const ada = newCaller();
    const eve = newCaller();
    const { noteId } = await write(ada, "Trip");
    const added = await api.call({
      method: "POST",
      path: `/notes/${noteId}/checks`,
      as: ada,
      body: { text: "Tickets" },
    });
    expect(added.status).toBe(201);
    expect(added.json).toMatchObject({ authorId: ada, noteId, text: "Tickets", done: false });
    // Eve cannot add to Ada's note, nor see its checklist: for her, the note does not exist.
    expectProblem(
      await api.call({ method: "POST", path: `/notes/${noteId}/checks`, as: eve, body: { text: "x" } }),
      404,
    );
    const eves = await api.call({ method: "GET", path: `/notes/${noteId}/checks`, as: eve });
    expect(eves.json.items ?? []).toEqual([]);
    const list = await api.call({ method: "GET", path: `/notes/${noteId}/checks`, as: ada });
    expect(list.json.items).toEqual([added.json]);
    expect((await api.call({ method: "DELETE", path: `/notes/${noteId}`, as: ada })).status).toBe(204);
    expectProblem(
      await api.call({ method: "GET", path: `/notes/${noteId}/checks/${added.json.checkId}`, as: ada }),
      404,
    );
  });

  it("uploads images under the creator's own key prefix and records them on the note", async () => {
    const ada = newCaller();
    const { noteId } = await write(ada, "Garden");
    const ticket = await api.call({
      method: "POST",
      path: `/notes/${noteId}/images`,
      as: ada,
      body: { contentType: "image/png" },
    });
    expect(ticket.status).toBe(200);
    expect(ticket.json.key).toMatch(new RegExp(`^notes/${ada}/${noteId}/images/[0-9a-f-]{36}$`));
    expectProblem(
      await api.call({
        method: "POST",
        path: `/notes/${noteId}/images`,
        as: newCaller(),
        body: { contentType: "image/png" },
      }),
      404,
    );
    const png = pngBytes(500);
    expect((await uploadWithTicket(ticket.json, png)).status).toBe(204);
    let images: unknown[] = [];
    for (let attempt = 0; attempt < 100 && images.length === 0; attempt++) {
      images = (await api.call({ method: "GET", path: `/notes/${noteId}`, as: ada })).json.images;
      if (images.length === 0) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(images).toEqual([
      expect.objectContaining({ key: ticket.json.key, contentType: "image/png", size: png.length }),
    ]);
  });

  it("is described as creator-owned, with the creator never a path parameter", () => {
    expect(notes.pathParams).toEqual(["noteId"]);
    expect(notes.idParams).toEqual(["authorId", "noteId"]);
    expect(notes.readOnlyFields).toContain("authorId");
    // What the stack grants and the twin serves both read this description.
    const description = describeApp(app);
    expect(description.routes.map((route) => route.routeKey)).toContain(
      "GET /notes/{noteId}/checks/{checkId}",
    );
    expect(description.files).toEqual([
      expect.objectContaining({
        key: "notes/{authorId}/{noteId}/images/{fileId}",
        objects: "notes/*/*/images/*",
      }),
    ]);
  });
});
