/** A small DOM builder: elements from a tag, attributes and children, text always as text nodes. */

type Listener = (event: Event) => void;
export type Attributes = Readonly<Record<string, string | number | boolean | undefined | Listener>>;
export type Child = Node | string | false | null | undefined;

/**
 * `h("button", { type: "button", onclick: save }, "Save")`. An `on…` attribute adds a listener;
 * `true` sets an empty attribute, `false` and `undefined` none. Strings become text, never HTML.
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (typeof value === "function") element.addEventListener(name.slice(2), value);
    else if (value === true) element.setAttribute(name, "");
    else if (value !== false && value !== undefined) element.setAttribute(name, String(value));
  }
  element.append(...children.filter((child): child is Node | string => child !== false && child != null));
  return element;
}

/** A labelled form field, with an optional hint the input is described by. */
export function field(
  id: string,
  label: string,
  input: HTMLInputElement | HTMLTextAreaElement,
  hint?: string,
): HTMLDivElement {
  input.id = id;
  if (input.name === "") input.name = id;
  const hintElement = hint === undefined ? undefined : h("p", { class: "hint", id: `${id}-hint` }, hint);
  if (hintElement !== undefined) input.setAttribute("aria-describedby", hintElement.id);
  return h("div", { class: "field" }, h("label", { for: id }, label), input, hintElement);
}

/** Calls `upload` with the file chosen in `input` when `form` is submitted (the browser checks one is). */
export function onFileSubmit(
  form: HTMLFormElement,
  input: HTMLInputElement,
  upload: (file: File) => void,
): void {
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const chosen = input.files?.[0];
    if (chosen !== undefined) upload(chosen);
  });
}

/** Runs `task` with `form`'s buttons disabled and the form marked busy, so nothing is sent twice. */
export async function busy<T>(form: HTMLElement, task: () => Promise<T>): Promise<T> {
  const buttons = [...form.querySelectorAll("button")].filter((button) => !button.disabled);
  form.setAttribute("aria-busy", "true");
  for (const button of buttons) button.disabled = true;
  try {
    return await task();
  } finally {
    form.removeAttribute("aria-busy");
    for (const button of buttons) button.disabled = false;
  }
}

/** A file size for people: `5 MB`, `2.5 KB`, `12 bytes` (1 MB = 1,048,576 bytes, as S3's limits count). */
export function formatBytes(bytes: number): string {
  const unit = (size: number, name: string) => `${Number((bytes / size).toFixed(1))} ${name}`;
  if (bytes >= 1024 * 1024) return unit(1024 * 1024, "MB");
  if (bytes >= 1024) return unit(1024, "KB");
  return `${bytes} bytes`;
}
