// The end-to-end proof of inferred handlers: runs against fixtures/ginapp (started by
// tests/test_handlers_e2e.py) through the client contractgen generated from it, with validate "throw".
// The service writes gin.H literals, binds through validator.Bind -> common.Bind -> ShouldBindWith,
// reads c.Query / c.DefaultQuery / c.QueryArray / c.GetHeader, and answers errors with
// c.JSON(status, common.NewError(...)): every one of those is typed in the client, and each
// typed result below is assigned to the type the contract promises (checked by tsc --strict).
//
// usage: node ginapp_e2e.js <base URL of ginappd>
// Prints one line per check ("ok ..." / "FAIL ..."), then "N passed, M failed"; exits 1 on a failure.

import assert from "node:assert/strict";
import { createHash } from "node:crypto";

import { ApiError, RequestValidationError, ValidationError, createClient, isApiError } from "contracts";

const base = process.argv[2];
if (base === undefined) throw new Error("usage: node ginapp_e2e.js <base URL>");
const client = createClient({ baseUrl: base, validate: "throw" });

let passed = 0;
let failed = 0;
async function check(name: string, body: () => Promise<void>): Promise<void> {
  try {
    await body();
    passed++;
    console.log(`ok ${name}`);
  } catch (error) {
    failed++;
    console.log(`FAIL ${name}: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
  }
}

/** The error a call rejects with (fails when it resolves). */
async function rejection(call: Promise<unknown>): Promise<unknown> {
  try {
    await call;
  } catch (error) {
    return error;
  }
  throw new Error("the call succeeded");
}

interface Profile {
  username: string;
  bio: string;
  image: string | null;
  following: boolean;
}

const ann = { username: "ann", email: "ann@example.com", password: "correct horse", bio: "writes Go", image: null };

await check("an empty list: profiles is null (a nil slice), count 0", async () => {
  const page: { profiles: Profile[] | null; count: number; query: string } = await client.users.list({});
  assert.deepEqual(page, { profiles: null, count: 0, query: "" });
});

await check("register: 201 with gin.H{user: serializer.Response()}", async () => {
  const created: { user: { username: string; email: string; bio: string; image: string | null; token: string } } =
    await client.users.registration({ body: { user: ann } });
  assert.equal(created.user.username, "ann");
  assert.equal(created.user.image, null);
  assert.match(created.user.token, /^[0-9a-f]{16}$/);
});

await check("register twice: 409 CommonError, typed", async () => {
  const error = await rejection(client.users.registration({ body: { user: ann } }));
  assert.ok(isApiError(error, client.users.registration), String(error));
  assert.equal(error.status, 409);
  if (error.status === 409) {
    const errors: { [key: string]: string } | null = error.body.errors;
    assert.deepEqual(errors, { database: "username or email already registered" });
  }
});

await check('register an invalid body: validate "throw" refuses it before sending, with the validator\'s rules', async () => {
  const bad = { ...ann, username: "x", email: "not-an-email" };
  const error = await rejection(client.users.registration({ body: { user: bad } }));
  assert.ok(error instanceof RequestValidationError, String(error));
  assert.deepEqual(error.issues.map((i) => i.path.join(".")).sort(), ["user.email", "user.username"]);
});

await check("register an invalid body sent anyway: 422 CommonError with the validator's fields", async () => {
  const bad = { ...ann, username: "x", email: "not-an-email" };
  const error = await rejection(client.users.registration({ body: { user: bad } }, { validate: "off" }));
  assert.ok(isApiError(error, client.users.registration));
  assert.equal(error.status, 422);
  assert.deepEqual(error.body.errors, { Username: "failed on min", Email: "failed on email" });
  assert.equal(typeof error.text, "string");
});

await check("login: 200 with the user", async () => {
  const signedIn = await client.users.login({ body: { user: { email: ann.email, password: ann.password } } });
  const name: string = signedIn.user.username;
  assert.equal(name, "ann");
});

await check("login with a wrong password: 403 CommonError", async () => {
  const error = await rejection(client.users.login({ body: { user: { email: ann.email, password: "wrong password" } } }));
  assert.ok(isApiError(error, client.users.login));
  assert.equal(error.status, 403);
  assert.deepEqual(error.body, { errors: { login: "not registered email or invalid password" } });
});

await check("an error of one method is not typed as another's", async () => {
  const error = await rejection(client.users.login({ body: { user: { email: ann.email, password: "wrong password" } } }));
  assert.ok(error instanceof ApiError);
  assert.equal(isApiError(error, client.users.registration), false);
});

await check("list with q and limit (c.Query, c.DefaultQuery)", async () => {
  await client.users.registration({ body: { user: { ...ann, username: "bob", email: "bob@example.com" } } });
  const page = await client.users.list({ query: { q: "b", limit: "5" } });
  assert.equal(page.count, 1);
  assert.deepEqual(page.profiles, [{ username: "bob", bio: "writes Go", image: null, following: false }]);
  assert.equal(page.query, "b");
});

await check("list with a bad limit: 400 CommonError", async () => {
  const error = await rejection(client.users.list({ query: { limit: "zero" } }));
  assert.ok(isApiError(error, client.users.list));
  assert.equal(error.status, 400);
  assert.deepEqual(error.body.errors, { limit: "must be a positive integer" });
});

await check("profile with a header (c.GetHeader)", async () => {
  const found: { profile: Profile; requestId: string } = await client.users.profile({
    path: { username: "ann" },
    headers: { "X-Request-Id": "req-1" },
  });
  assert.equal(found.profile.username, "ann");
  assert.equal(found.requestId, "req-1");
});

await check("profile of nobody: 404 CommonError", async () => {
  const error = await rejection(client.users.profile({ path: { username: "nobody" } }));
  assert.ok(isApiError(error, client.users.profile));
  assert.equal(error.status, 404);
  assert.deepEqual(error.body.errors, { profile: "invalid username" });
});

await check("avatar: a Blob sent as the multipart file (c.FormFile) with a caption (c.PostForm); fetch sets the boundary", async () => {
  const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff, 0x0d, 0x0a, 0x1a, 0x0a]);
  const sent: { contentType: string | undefined; body: unknown }[] = [];
  const watching = createClient({
    baseUrl: base,
    validate: "throw",
    fetch: async (url, init) => {
      sent.push({ contentType: init.headers["content-type"], body: init.body });
      return fetch(url, init);
    },
  });
  const got: { caption: string; sha256: string; size: number; username: string } = await watching.users.avatar({
    path: { username: "ann" },
    body: { avatar: new Blob([bytes], { type: "image/png" }), caption: "at the lake" },
  });
  assert.deepEqual(got, { username: "ann", size: bytes.length, sha256: createHash("sha256").update(bytes).digest("hex"), caption: "at the lake" });
  assert.equal(sent[0]?.contentType, undefined); // the client leaves it to fetch: multipart/form-data; boundary=...
  assert.ok(sent[0]?.body instanceof FormData);
  // A File keeps its name; the caption may be left out (PostForm answers "").
  const file = new File(["plain text avatar"], "avatar.txt", { type: "text/plain" });
  const plain = await client.users.avatar({ path: { username: "ann" }, body: { avatar: file } });
  assert.deepEqual([plain.size, plain.caption], [17, ""]);
});

await check("avatar without the file: a RequestValidationError (nothing sent); sent anyway: 400 CommonError; of nobody: 404", async () => {
  const noFile = { caption: "no file" } as unknown as { avatar: Blob };
  const refused = await rejection(client.users.avatar({ path: { username: "ann" }, body: noFile }));
  assert.ok(refused instanceof RequestValidationError, String(refused));
  const missing = await rejection(client.users.avatar({ path: { username: "ann" }, body: noFile }, { validate: "off" }));
  assert.ok(isApiError(missing, client.users.avatar) && missing.status === 400, String(missing));
  assert.deepEqual(Object.keys(missing.body.errors ?? {}), ["avatar"]);
  const nobody = await rejection(client.users.avatar({ path: { username: "nobody" }, body: { avatar: new Blob(["x"]) } }));
  assert.ok(isApiError(nobody, client.users.avatar) && nobody.status === 404);
});

await check("photos: c.ShouldBind into a form struct (file, values parsed as int and bool, repeated tags); the file's header comes back", async () => {
  const photo = new File(["0123456789"], "lake.png", { type: "image/png" });
  const got: {
    file: { Filename: string; Header: Record<string, string[] | null> | null; Size: number } | null;
    title: string;
    rating: number;
    tags: string[] | null;
    public: boolean;
  } = await client.users.photo({ path: { username: "ann" }, body: { photo, title: "The lake", rating: 4, tag: ["lake", "summer"] } });
  assert.equal(got.file?.Filename, "lake.png");
  assert.equal(got.file?.Size, 10);
  assert.deepEqual(got.file?.Header?.["Content-Type"], ["image/png"]);
  assert.deepEqual([got.title, got.rating, got.tags, got.public], ["The lake", 4, ["lake", "summer"], true]); // public: its default=true
  const hidden = await client.users.photo({ path: { username: "ann" }, body: { photo, title: "Hi", public: false } });
  assert.deepEqual([hidden.rating, hidden.tags, hidden.public], [0, null, false]);
});

await check("photos the server rejects (binding: rules) are rejected by the client first; sent anyway, 400", async () => {
  const photo = new Blob(["x"]);
  const bad = [
    { photo, title: "x" }, // min=2
    { photo, title: "Fine", rating: 9 }, // lte=5
    { photo, title: "Fine", tag: ["a", "b", "c", "d"] }, // max=3
    { title: "No file" } as unknown as { photo: Blob; title: string }, // required
  ];
  for (const body of bad) {
    const refused = await rejection(client.users.photo({ path: { username: "ann" }, body }));
    assert.ok(refused instanceof RequestValidationError, `${JSON.stringify(Object.keys(body))}: ${String(refused)}`);
    const sent = await rejection(client.users.photo({ path: { username: "ann" }, body }, { validate: "off" }));
    assert.ok(isApiError(sent, client.users.photo) && sent.status === 400, String(sent));
  }
});

await check("remove: 204, then 404", async () => {
  const nothing: void = await client.users.remove({ path: { username: "bob" } });
  assert.equal(nothing, undefined);
  const error = await rejection(client.users.remove({ path: { username: "bob" } }));
  assert.ok(isApiError(error, client.users.remove) && error.status === 404);
});

await check("tags: a method of a package variable (catalog.List())", async () => {
  const tags: { tags: string[] | null } = await client.articles.tags();
  assert.deepEqual(tags, { tags: ["gin", "go", "gorm"] });
});

await check("articles by tag (c.QueryArray), times as RFC 3339 strings", async () => {
  const found = await client.articles.articles({ query: { tag: ["gorm"] } });
  assert.equal(found.articlesCount, 1);
  const first = found.articles?.[0];
  assert.equal(first?.slug, "gorm-models");
  assert.equal(first?.createdAt, "2024-05-03T09:30:00Z");
  const all = await client.articles.articles();
  assert.equal(all.articlesCount, 2);
});

await check("attachments: a list of files (form.File[\"files\"]) and of labels, each a part of its own", async () => {
  const files: Blob[] = [new Blob([new Uint8Array(3)]), new File(["hello"], "hello.txt"), new Blob([])];
  const got: { bytes: number; count: number; labels: number } = await client.articles.attach({ body: { files, label: ["a", "b"] } });
  assert.deepEqual(got, { count: 3, bytes: 8, labels: 2 });
  const none = await client.articles.attach({ body: {} });
  assert.deepEqual(none, { count: 0, bytes: 0, labels: 0 });
});

await check("a typed error body that does not match its schema is a ValidationError", async () => {
  const fetchWrongBody = async (): Promise<Response> =>
    new Response(JSON.stringify({ errors: "not a map" }), { status: 404, headers: { "content-type": "application/json" } });
  const strict = createClient({ baseUrl: base, fetch: fetchWrongBody, validate: "throw" });
  const error = await rejection(strict.users.profile({ path: { username: "x" } }));
  assert.ok(error instanceof ValidationError, String(error));
  assert.equal(error.status, 404);
  const lenient = createClient({ baseUrl: base, fetch: fetchWrongBody, validate: "off" });
  const raw = await rejection(lenient.users.profile({ path: { username: "x" } }));
  assert.ok(raw instanceof ApiError && raw.status === 404);
});

await check("feed: 200 with the articles, or 204 No Content (c.Status) as undefined, both in the contract", async () => {
  const fresh: { articles: { slug: string }[] | null } | undefined = await client.articles.feed({ query: { since: "2024-05-02T00:00:00Z" } });
  assert.deepEqual(fresh?.articles?.map((a) => a.slug), ["gorm-models"]);
  const nothing = await client.articles.feed({ query: { since: "2030-01-01T00:00:00Z" } });
  assert.equal(nothing, undefined);
  const error = await rejection(client.articles.feed({ query: { since: "yesterday" } }));
  assert.ok(isApiError(error, client.articles.feed) && error.status === 400, String(error));
});

await check("export: c.String is text, resolved as the string (not parsed as JSON)", async () => {
  const csv: string = await client.articles.export();
  assert.equal(csv, 'slug,title\nhello-gin,"Hello, gin"\ngorm-models,"gorm models"\n');
});

await check("cover: c.Data is bytes, resolved as a Blob with every byte as sent", async () => {
  const cover: Blob = await client.articles.cover({ path: { slug: "hello-gin" } });
  const bytes = new Uint8Array(await cover.arrayBuffer());
  assert.equal(bytes.length, 67);
  assert.deepEqual([bytes[0], bytes[1], bytes[8]], [0x89, 0x50, 0x00]);
  assert.equal(cover.type, "image/png");
  const missing = await rejection(client.articles.cover({ path: { slug: "nope" } }));
  assert.ok(isApiError(missing, client.articles.cover) && missing.status === 404, String(missing));
  if (missing.status === 404) assert.deepEqual(missing.body.errors, { slug: 'no article "nope"' });
});

console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;
