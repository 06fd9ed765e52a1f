/** The sign-in screen: a name for the local twin's issuer, or the OIDC issuer's hosted UI. */
import { beginSignIn } from "../auth/oidc.js";
import type { WebConfig } from "../config.js";
import { busy, field, h } from "../dom.js";
import { messageOf, type Notices } from "../notices.js";
import { localSignIn, type Session } from "../session.js";

export function signInScreen(
  config: WebConfig,
  notices: Notices,
  signedIn: (session: Session) => void,
): HTMLElement {
  const heading = h("h1", { id: "screen-heading", tabindex: -1 }, "Sign in");
  const auth = config.auth;
  if (auth.kind === "oidc") {
    const button = h("button", { type: "submit" }, "Sign in");
    const form = h(
      "form",
      { "aria-labelledby": "screen-heading" },
      h("p", {}, "You sign in on your account's sign-in page, then come back here."),
      button,
    );
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      void busy(form, async () => {
        try {
          location.assign(
            await beginSignIn(auth.oidc, { fetch: fetch.bind(globalThis), storage: sessionStorage }),
          );
        } catch (error) {
          notices.error(messageOf(error, config.apiUrl));
        }
      });
    });
    return h("section", { class: "card narrow" }, heading, form);
  }
  const name = h("input", {
    type: "text",
    required: true,
    maxlength: 128,
    autocomplete: "username",
    spellcheck: "false",
  });
  const form = h(
    "form",
    { "aria-labelledby": "screen-heading", novalidate: false },
    field(
      "sign-in-name",
      "Your name",
      name,
      "Any name: the local issuer makes it your user id (the token's sub).",
    ),
    h("button", { type: "submit" }, "Sign in"),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void busy(form, async () => {
      try {
        signedIn(await localSignIn(auth.tokenUrl, name.value.trim()));
      } catch (error) {
        notices.error(messageOf(error, config.apiUrl));
      }
    });
  });
  return h(
    "section",
    { class: "card narrow" },
    heading,
    h(
      "p",
      { class: "lede" },
      "Signing in with the local twin's token issuer on ",
      h("code", {}, auth.issuerOrigin),
      ", through this page's own server.",
    ),
    form,
  );
}
