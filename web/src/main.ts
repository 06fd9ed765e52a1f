/**
 * SwiftyPlanner's web client: signs in (the local twin's issuer, or an OIDC issuer's hosted UI with
 * PKCE), then shows the profile to create, or the profile and the todos. Every call goes through the
 * package's typed client (`portico/client`) over the app's generated types.
 */
import { ApiProblem, createApiClient, etagOf, unwrap } from "portico/client";
import type { paths } from "../../app/client/schema.js";
import { completeSignIn, isCallback } from "./auth/oidc.js";
import { ConfigError, readConfig, type WebConfig, type WebEnv } from "./config.js";
import type { AppContext } from "./context.js";
import { h } from "./dom.js";
import { createNotices, messageOf, type Notices } from "./notices.js";
import { createProfileScreen, profileCard } from "./screens/profile.js";
import { signInScreen } from "./screens/sign-in.js";
import { todosCard } from "./screens/todos.js";
import { clearSession, loadSession, type Session, saveSession } from "./session.js";
import "./styles.css";

function element(id: string): HTMLElement {
  const found = document.getElementById(id);
  if (found === null) throw new Error(`index.html has no #${id}`);
  return found;
}

const main = element("main");
const account = element("account");
const notices = createNotices(element("errors"), element("status"));

/** Shows a screen and moves focus to its heading, so keyboard and screen reader users start there. */
function show(...screen: HTMLElement[]): void {
  main.replaceChildren(...screen);
  main.querySelector<HTMLElement>("#screen-heading")?.focus();
}

function showSignIn(config: WebConfig): void {
  account.replaceChildren();
  show(
    signInScreen(config, notices, (session) => {
      saveSession(session);
      notices.clear();
      void signedIn(config, session);
    }),
  );
}

async function signedIn(config: WebConfig, session: Session): Promise<void> {
  const signOut = () => {
    clearSession();
    notices.status("Signed out.");
    showSignIn(config);
  };
  account.replaceChildren(
    h("span", { class: "who" }, "Signed in as ", h("strong", {}, session.label)),
    h("button", { type: "button", class: "secondary", onclick: signOut }, "Sign out"),
  );
  const context: AppContext = {
    config,
    session,
    notices,
    api: createApiClient<paths>({ baseUrl: config.apiUrl, token: () => session.accessToken }),
    fail(error) {
      if (error instanceof ApiProblem && error.status === 401) {
        clearSession();
        showSignIn(config);
        notices.error("Your sign-in has expired or was refused. Sign in again.");
        return;
      }
      notices.error(messageOf(error, config.apiUrl));
    },
    route: () => route(context),
  };
  await route(context);
}

/** The profile to create, or the main screen: the profile and the todos. */
async function route(context: AppContext): Promise<void> {
  try {
    const read = await context.api.GET("/users/{userId}", { params: { path: { userId: "me" } } });
    if (read.response.status === 404) {
      show(createProfileScreen(context));
      return;
    }
    const user = unwrap(read);
    show(
      h("h1", { id: "screen-heading", tabindex: -1, class: "greeting" }, `Hello, ${user.firstName}`),
      h("div", { class: "grid" }, profileCard(context, user, etagOf(read.response)), todosCard(context)),
    );
  } catch (error) {
    context.fail(error);
  }
}

async function start(notices: Notices): Promise<void> {
  let config: WebConfig;
  try {
    // Vite puts the `VITE_*` variables of the environment (or a .env file in web/) here.
    config = readConfig(import.meta.env as WebEnv, location.origin);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    notices.error(error.message);
    return;
  }
  const url = new URL(location.href);
  if (config.auth.kind === "oidc" && isCallback(url)) {
    // The code and state are used once: off the address bar and the history.
    history.replaceState(null, "", url.pathname);
    try {
      const session = saveSession(
        await completeSignIn(url, config.auth.oidc, {
          fetch: fetch.bind(globalThis),
          storage: sessionStorage,
        }),
      );
      await signedIn(config, session);
    } catch (error) {
      showSignIn(config);
      notices.error(messageOf(error, config.apiUrl));
    }
    return;
  }
  const session = loadSession();
  if (session === undefined) showSignIn(config);
  else await signedIn(config, session);
}

void start(notices);
