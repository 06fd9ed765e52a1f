/**
 * What the client tells the person: errors in an assertive live region (role="alert"), progress and
 * confirmations in a polite one (role="status"), so a screen reader says each as it comes.
 */
import { ApiProblem, UploadRefused } from "portico/client";
import { h } from "./dom.js";

export interface NoticeAction {
  readonly label: string;
  readonly run: () => void | Promise<void>;
}

export interface Notices {
  /** Shows an error (replacing the last), with an optional button that offers the way out. */
  error(message: string, action?: NoticeAction): HTMLButtonElement | undefined;
  /** Shows progress or a confirmation, and clears the last error. */
  status(message: string): void;
  clear(): void;
}

export function createNotices(errorRegion: HTMLElement, statusRegion: HTMLElement): Notices {
  return {
    error(message, action) {
      statusRegion.replaceChildren();
      const button =
        action === undefined
          ? undefined
          : h(
              "button",
              { type: "button", class: "secondary", onclick: () => void action.run() },
              action.label,
            );
      errorRegion.replaceChildren(h("div", { class: "notice error" }, h("p", {}, message), button));
      return button;
    },
    status(message) {
      errorRegion.replaceChildren();
      statusRegion.replaceChildren(h("p", { class: "notice info" }, message));
    },
    clear() {
      errorRegion.replaceChildren();
      statusRegion.replaceChildren();
    },
  };
}

/** What to tell a person about an error: the API's problem, S3's refusal, or an unreachable API. */
export function messageOf(error: unknown, apiUrl: string): string {
  if (error instanceof ApiProblem) {
    const details = Array.isArray(error.errors)
      ? (error.errors as { path?: unknown; message?: unknown }[])
          .map(
            (item) =>
              `${String(item.path ?? "").replace(/^\//, "") || "body"}: ${String(item.message ?? "")}`,
          )
          .join("; ")
      : "";
    const text = error.detail ?? error.title;
    return details === "" ? `${text}` : `${text} (${details})`;
  }
  if (error instanceof UploadRefused) return error.message;
  // fetch rejects with a TypeError when nothing answers, or CORS refuses the answer.
  if (error instanceof TypeError) {
    return `Could not reach the API at ${apiUrl}. Is it running (npm start), and does it allow this origin?`;
  }
  return error instanceof Error ? error.message : String(error);
}
