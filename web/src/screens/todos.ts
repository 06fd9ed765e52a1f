/**
 * The todos: a page at a time (newest first, continued with the API's cursor), added, completed,
 * deleted, and given image attachments uploaded straight to S3.
 */
import { unwrap } from "portico/client";
import type { operations } from "../../../app/client/schema.js";
import { type AppContext, me, type Todo } from "../context.js";
import { busy, formatBytes, h, onFileSubmit } from "../dom.js";
import { uploadAndRecord } from "../uploads.js";

/** How many todos a page shows. */
export const pageSize = 5;

type AttachmentType = NonNullable<
  operations["todosAttachmentsUpload"]["requestBody"]["content"]["application/json"]["contentType"]
>;

export function todosCard(context: AppContext): HTMLElement {
  const { api, notices } = context;
  /** The cursor of each page seen so far; the first page has none. */
  const cursors: (string | undefined)[] = [undefined];
  let page = 0;
  let nextCursor: string | null = null;
  let items: Todo[] = [];

  const list = h("ul", { class: "todo-list", "aria-labelledby": "todos-heading" });
  const empty = h("p", { class: "hint" }, "No todos here yet: add one above.");
  const pageLabel = h("span", { class: "page-label", "aria-live": "polite" });
  const previous = h("button", { type: "button", class: "secondary" }, "Previous page");
  const next = h("button", { type: "button", class: "secondary" }, "Next page");
  const title = h("input", {
    type: "text",
    id: "new-todo-title",
    required: true,
    maxlength: 200,
    autocomplete: "off",
  });
  const addForm = h(
    "form",
    { class: "add-todo", "aria-label": "Add a todo" },
    h("label", { for: "new-todo-title" }, "New todo"),
    h("div", { class: "inline" }, title, h("button", { type: "submit" }, "Add todo")),
  );

  const load = async (at: number) => {
    try {
      const result = await api.GET("/users/{userId}/todos", {
        params: {
          ...me,
          query: { limit: pageSize, ...(cursors[at] === undefined ? {} : { cursor: cursors[at] }) },
        },
      });
      const read = unwrap(result);
      page = at;
      items = read.items;
      nextCursor = read.nextCursor;
      if (nextCursor !== null) cursors[at + 1] = nextCursor;
      render();
    } catch (error) {
      context.fail(error);
    }
  };

  const render = () => {
    list.replaceChildren(...items.map(todoItem));
    empty.hidden = items.length > 0;
    pageLabel.textContent = `Page ${page + 1}`;
    previous.disabled = page === 0;
    next.disabled = nextCursor === null;
  };

  const todoItem = (todo: Todo): HTMLLIElement => {
    const id = `todo-${todo.todoId}`;
    const done = h("input", { type: "checkbox", id: `${id}-done`, checked: todo.done });
    const file = h("input", {
      type: "file",
      id: `${id}-file`,
      accept: "image/png,image/jpeg,image/webp,image/heic,application/pdf",
      required: true,
    });
    const attach = h(
      "form",
      { class: "attach", "aria-label": `Attach a file to “${todo.title}”` },
      h(
        "label",
        { for: `${id}-file` },
        "Attach an image",
        h("span", { class: "visually-hidden" }, ` to “${todo.title}”`),
      ),
      file,
      h(
        "button",
        { type: "submit", class: "secondary" },
        "Attach",
        h("span", { class: "visually-hidden" }, ` to “${todo.title}”`),
      ),
    );
    const remove = h(
      "button",
      { type: "button", class: "danger" },
      "Delete",
      h("span", { class: "visually-hidden" }, ` “${todo.title}”`),
    );
    const attachments =
      todo.attachments.length === 0
        ? undefined
        : h(
            "p",
            { class: "attachments" },
            `${todo.attachments.length} attachment${todo.attachments.length === 1 ? "" : "s"}: `,
            todo.attachments.map((file) => `${file.contentType} (${formatBytes(file.size)})`).join(", "),
          );
    const item = h(
      "li",
      { class: todo.done ? "todo done" : "todo", "data-todo-id": todo.todoId },
      h("div", { class: "todo-main" }, done, h("label", { for: `${id}-done` }, todo.title), remove),
      attachments,
      attach,
    );

    done.addEventListener("change", () => {
      void busy(item, async () => {
        try {
          const updated = unwrap(
            await api.PATCH("/users/{userId}/todos/{todoId}", {
              params: { path: { userId: "me", todoId: todo.todoId } },
              body: { done: done.checked },
            }),
          );
          replace(updated, item);
          notices.status(`“${updated.title}” is ${updated.done ? "done" : "not done"}.`);
          document.getElementById(`${id}-done`)?.focus();
        } catch (error) {
          done.checked = !done.checked;
          context.fail(error);
        }
      });
    });

    remove.addEventListener("click", () => {
      void busy(item, async () => {
        try {
          unwrap(
            await api.DELETE("/users/{userId}/todos/{todoId}", {
              params: { path: { userId: "me", todoId: todo.todoId } },
            }),
          );
          notices.status(`Deleted “${todo.title}”.`);
          // The last item of a later page gone: show the page before.
          await load(items.length === 1 && page > 0 ? page - 1 : page);
          (list.querySelector<HTMLInputElement>("input[type=checkbox]") ?? title).focus();
        } catch (error) {
          context.fail(error);
        }
      });
    });

    onFileSubmit(attach, file, (chosen) => {
      void busy(item, async () => {
        const params = { path: { userId: "me", todoId: todo.todoId } };
        try {
          const updated = await uploadAndRecord(chosen, {
            notices,
            requestTicket: async (contentType) =>
              unwrap(
                await api.POST("/users/{userId}/todos/{todoId}/attachments", {
                  params,
                  body: { contentType: contentType as AttachmentType },
                }),
              ),
            read: async () => unwrap(await api.GET("/users/{userId}/todos/{todoId}", { params })),
            names: (read, key) => read.attachments.some((attachment) => attachment.key === key),
          });
          if (updated === undefined) return;
          replace(updated, item);
          notices.status(`Attached “${chosen.name}” to “${updated.title}”.`);
        } catch (error) {
          context.fail(error);
        }
      });
    });
    return item;
  };

  /** Shows `updated` in place of its item. */
  const replace = (updated: Todo, item: HTMLLIElement) => {
    items = items.map((todo) => (todo.todoId === updated.todoId ? updated : todo));
    item.replaceWith(todoItem(updated));
  };

  addForm.addEventListener("submit", (event) => {
    event.preventDefault();
    void busy(addForm, async () => {
      try {
        const created = unwrap(
          await api.POST("/users/{userId}/todos", {
            // One todo however often this request is retried.
            params: { ...me, header: { "Idempotency-Key": crypto.randomUUID() } },
            body: { title: title.value.trim(), done: false },
          }),
        );
        title.value = "";
        notices.status(`Added “${created.title}”.`);
        // Newest first: the new todo leads the first page.
        cursors.length = 1;
        await load(0);
      } catch (error) {
        context.fail(error);
      }
    });
    title.focus();
  });
  previous.addEventListener(
    "click",
    () => void load(page - 1).then(() => (page === 0 ? next : previous).focus()),
  );
  next.addEventListener(
    "click",
    () => void load(page + 1).then(() => (nextCursor === null ? previous : next).focus()),
  );

  void load(0);
  return h(
    "section",
    { class: "card", "aria-labelledby": "todos-heading" },
    h("h2", { id: "todos-heading" }, "Your todos"),
    addForm,
    list,
    empty,
    h("nav", { class: "pager", "aria-label": "Todo pages" }, previous, pageLabel, next),
  );
}
