/**
 * The profile: created once, then edited with `If-Match` (a 412 says someone changed it since it was
 * loaded, and offers to reload), and its avatar, uploaded straight to S3 with a ticket and shown.
 */
import { etagOf, unwrap } from "portico/client";
import type { components, operations } from "../../../app/client/schema.js";
import { type AppContext, me, type User } from "../context.js";
import { busy, field, h, onFileSubmit } from "../dom.js";
import { uploadAndRecord } from "../uploads.js";

type UserCreate = components["schemas"]["UserCreate"];
type UserPatch = components["schemas"]["UserPatch"];
/** The avatar's allowed types; the API refuses any other with a 400 that names them. */
type AvatarType = NonNullable<
  operations["usersAvatarUpload"]["requestBody"]["content"]["application/json"]["contentType"]
>;

/** The writable fields, in form order. */
const required = ["username", "firstName", "lastName", "email"] as const;
const optional = ["phoneNumber", "bio"] as const;
type Writable = (typeof required)[number] | (typeof optional)[number];

/** The profile's fields as inputs, with the API's rules as constraints the browser checks first. */
function profileFields(
  prefix: string,
  user: Partial<User>,
): { readonly fields: HTMLElement[]; values(): Record<Writable, string> } {
  const text = (value: string | undefined, attributes: Record<string, string | number | boolean>) =>
    h("input", { type: "text", value: value ?? "", ...attributes });
  const inputs = {
    username: text(user.username, {
      required: true,
      pattern: "[a-z0-9_]{3,30}",
      autocomplete: "username",
      spellcheck: "false",
    }),
    firstName: text(user.firstName, { required: true, maxlength: 100, autocomplete: "given-name" }),
    lastName: text(user.lastName, { required: true, maxlength: 100, autocomplete: "family-name" }),
    email: text(user.email, { type: "email", required: true, maxlength: 254, autocomplete: "email" }),
    phoneNumber: text(user.phoneNumber, { type: "tel", pattern: "\\+[0-9]{8,15}", autocomplete: "tel" }),
    bio: h("textarea", { maxlength: 1000, rows: 3 }),
  };
  inputs.bio.value = user.bio ?? "";
  const fields = [
    field(`${prefix}-username`, "Username", inputs.username, "3 to 30 lower-case letters, digits or _."),
    field(`${prefix}-first-name`, "First name", inputs.firstName),
    field(`${prefix}-last-name`, "Last name", inputs.lastName),
    field(`${prefix}-email`, "Email", inputs.email),
    field(
      `${prefix}-phone`,
      "Phone (optional)",
      inputs.phoneNumber,
      "International format, like +447700900123.",
    ),
    field(`${prefix}-bio`, "About you (optional)", inputs.bio),
  ];
  return {
    fields,
    values: () =>
      Object.fromEntries(Object.entries(inputs).map(([name, input]) => [name, input.value.trim()])) as Record<
        Writable,
        string
      >,
  };
}

/** The screen for a caller without a profile yet. */
export function createProfileScreen(context: AppContext): HTMLElement {
  const { api, notices } = context;
  // A local name that is already a valid username is a good start.
  const suggested = /^[a-z0-9_]{3,30}$/.test(context.session.sub) ? context.session.sub : undefined;
  const form = profileFields("create", suggested === undefined ? {} : { username: suggested });
  const element = h(
    "form",
    { class: "card narrow", "aria-labelledby": "screen-heading" },
    h("h1", { id: "screen-heading", tabindex: -1 }, "Create your profile"),
    h("p", { class: "lede" }, "Welcome! Tell us who you are to start planning."),
    ...form.fields,
    h("button", { type: "submit" }, "Create profile"),
  );
  element.addEventListener("submit", (event) => {
    event.preventDefault();
    void busy(element, async () => {
      const values = form.values();
      const body: UserCreate = {
        username: values.username,
        firstName: values.firstName,
        lastName: values.lastName,
        email: values.email,
        ...(values.phoneNumber === "" ? {} : { phoneNumber: values.phoneNumber }),
        ...(values.bio === "" ? {} : { bio: values.bio }),
      };
      try {
        unwrap(await api.POST("/users", { body }));
        notices.status("Profile created.");
        await context.route();
      } catch (error) {
        context.fail(error);
      }
    });
  });
  return element;
}

/** The profile card of the main screen: the avatar and the form that edits the profile. */
export function profileCard(context: AppContext, loaded: User, loadedEtag: string | undefined): HTMLElement {
  const { api, notices } = context;
  let user = loaded;
  let etag = loadedEtag;
  const card = h("section", { class: "card", "aria-labelledby": "profile-heading" });
  const meta = h("p", { class: "meta" });
  const showMeta = () => {
    meta.textContent = `Version ${user.version} · updated ${new Date(user.updatedAt).toLocaleString()}`;
  };
  const avatar = avatarBlock(
    context,
    () => user,
    (recordedUser, recordedEtag) => {
      user = recordedUser;
      etag = recordedEtag;
      showMeta();
    },
  );

  const render = () => {
    const form = profileFields("profile", user);
    const element = h(
      "form",
      { class: "profile-form", "aria-label": "Edit your profile" },
      ...form.fields,
      h("div", { class: "actions" }, h("button", { type: "submit" }, "Save profile")),
    );
    element.addEventListener("submit", (event) => {
      event.preventDefault();
      void busy(element, () => save(form.values()));
    });
    showMeta();
    card.replaceChildren(h("h2", { id: "profile-heading" }, "Your profile"), avatar.element, meta, element);
  };

  const reload = async () => {
    try {
      const read = await api.GET("/users/{userId}", { params: me });
      user = unwrap(read);
      etag = etagOf(read.response);
      render();
      void avatar.show();
      notices.status("Profile reloaded with the latest changes.");
      card.querySelector<HTMLInputElement>("input")?.focus();
    } catch (error) {
      context.fail(error);
    }
  };

  const save = async (values: Record<Writable, string>) => {
    // A merge patch of what changed; an emptied optional field is removed (null).
    const patch: Record<string, string | null> = {};
    for (const name of required) if (values[name] !== user[name]) patch[name] = values[name];
    for (const name of optional) {
      if (values[name] !== (user[name] ?? "")) patch[name] = values[name] === "" ? null : values[name];
    }
    if (Object.keys(patch).length === 0) {
      notices.status("Nothing to save: the profile is as loaded.");
      return;
    }
    const result = await api.PATCH("/users/{userId}", {
      params: { ...me, header: { "If-Match": etag ?? "*" } },
      body: patch as UserPatch,
    });
    if (result.response.status === 412) {
      const button = notices.error(
        "Someone changed this profile since you loaded it, so your changes were not saved. Reload it to see theirs, then make yours again.",
        { label: "Reload profile", run: reload },
      );
      button?.focus();
      return;
    }
    try {
      user = unwrap(result);
      etag = etagOf(result.response);
      render();
      notices.status("Profile saved.");
      card.querySelector<HTMLButtonElement>(".profile-form button[type=submit]")?.focus();
    } catch (error) {
      context.fail(error);
    }
  };

  render();
  void avatar.show();
  return card;
}

/** The avatar: shown from `GET /users/me/avatar`, and replaced by an upload straight to S3. */
function avatarBlock(
  context: AppContext,
  current: () => User,
  recorded: (user: User, etag: string | undefined) => void,
) {
  const { api, notices } = context;
  const image = h("img", { class: "avatar", id: "avatar-image", alt: "Your avatar", hidden: true });
  const initials = h("span", { class: "avatar placeholder", "aria-hidden": "true" });
  const none = h("p", { class: "hint", id: "avatar-none" }, "No avatar yet.");
  const file = h("input", {
    type: "file",
    accept: "image/png,image/jpeg,image/webp,image/heic",
    required: true,
  });
  const form = h(
    "form",
    { class: "avatar-form", "aria-label": "Upload an avatar" },
    field("avatar-file", "Avatar image", file, "PNG, JPEG, WebP or HEIC."),
    h("button", { type: "submit" }, "Upload avatar"),
  );
  let objectUrl: string | undefined;

  const show = async () => {
    const user = current();
    initials.textContent = `${user.firstName.charAt(0)}${user.lastName.charAt(0)}`.toUpperCase();
    if (user.avatar === null) {
      image.hidden = true;
      initials.hidden = false;
      none.hidden = false;
      return;
    }
    try {
      // An <img src> cannot send the token: fetch the API's 302 with it, and let the browser follow
      // it to the presigned URL (the bucket lets any origin read with a valid signature).
      const read = await api.GET("/users/{userId}/avatar", { params: me, parseAs: "blob" });
      if (!read.response.ok) unwrap(read);
      const blob = read.data as unknown as Blob;
      if (objectUrl !== undefined) URL.revokeObjectURL(objectUrl);
      objectUrl = URL.createObjectURL(blob);
      image.src = objectUrl;
      await image.decode();
      image.hidden = false;
      initials.hidden = true;
      none.hidden = true;
    } catch (error) {
      context.fail(error);
    }
  };

  onFileSubmit(form, file, (chosen) => {
    void busy(form, async () => {
      try {
        const read = await uploadAndRecord(chosen, {
          notices,
          requestTicket: async (contentType) =>
            unwrap(
              await api.POST("/users/{userId}/avatar", {
                params: me,
                body: { contentType: contentType as AvatarType },
              }),
            ),
          read: async () => {
            const result = await api.GET("/users/{userId}", { params: me });
            return { user: unwrap(result), etag: etagOf(result.response) };
          },
          names: ({ user }, key) => user.avatar?.key === key,
        });
        if (read === undefined) return;
        // Recording the avatar is a write: the profile has a new version and ETag.
        recorded(read.user, read.etag);
        form.reset();
        await show();
        notices.status("Avatar updated.");
      } catch (error) {
        context.fail(error);
      }
    });
  });

  const element = h(
    "div",
    { class: "avatar-row" },
    h("div", { class: "avatar-frame" }, image, initials, none),
    form,
  );
  return { element, show };
}
