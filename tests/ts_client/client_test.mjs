// Runs the generated TypeScript client (compiled to JS) against a fake fetch: no server.
// usage: node client_test.mjs <dist directory of the package rendered from tests/ts_client/contract.py>
// Prints one line per failed check and a summary line; exits 1 when any check failed.
import assert from "node:assert/strict";
import { pathToFileURL } from "node:url";
import { join } from "node:path";

const dist = process.argv[2];
if (!dist) {
  console.error("usage: node client_test.mjs <dist directory>");
  process.exit(2);
}
const indexUrl = pathToFileURL(join(dist, "index.js")).href;
const runtimeUrl = pathToFileURL(join(dist, "_runtime.js")).href;
const pkg = await import(indexUrl);
const runtime = await import(runtimeUrl);
// A second, separately evaluated copy of the runtime module (as with two copies of the package).
const runtimeCopy = await import(`${runtimeUrl}?copy=2`);
const { createClient, ApiError, NetworkError, ValidationError, RequestValidationError, ContractError, Reason, isReason } = pkg;

let passed = 0;
const failures = [];
async function check(name, body) {
  try {
    await body();
    passed += 1;
  } catch (error) {
    failures.push(name);
    console.log(`FAIL ${name}\n  ${String(error?.stack ?? error).split("\n").join("\n  ")}`);
  }
}

// --- a fake fetch -------------------------------------------------------------------------------------

function respond(status, body = "", contentType = "application/json") {
  const headers = new Map(contentType ? [["content-type", contentType]] : []);
  headers.set("retry-after", "7");
  return {
    status,
    headers: { get: (name) => headers.get(name.toLowerCase()) ?? null },
    text: async () => (typeof body === "string" ? body : JSON.stringify(body)),
  };
}

/** A fetch that records each request and answers with `answer(request)` (a response, or a promise). */
function fakeFetch(answer) {
  const requests = [];
  const fetch = async (url, init) => {
    const request = { url, ...init };
    requests.push(request);
    return answer(request);
  };
  return { fetch, requests };
}

/** A fetch that never answers, but rejects like the real one when its signal aborts. */
function hangingFetch({ honourSignal }) {
  const requests = [];
  const fetch = (url, init) => {
    requests.push({ url, ...init });
    return new Promise((_resolve, reject) => {
      if (honourSignal) init.signal.addEventListener("abort", () => reject(init.signal.reason));
    });
  };
  return { fetch, requests };
}

const BASE = "https://api.test/v1/";
const USER = { id: "u1", name: "Ann", tags: null, status: "active", created: "2024-05-01T10:00:00+02:00" };
const client = (fetch, options = {}) => createClient({ baseUrl: BASE, fetch, ...options });
async function rejection(promise) {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to reject");
}

// --- typed results and request construction ------------------------------------------------------------

await check("listUsers: envelope unwrapped, generic Page<User> validated, unknown keys stripped", async () => {
  const { fetch, requests } = fakeFetch(() =>
    respond(200, { data: { items: [{ ...USER, extra: 1 }], total: 1, surplus: true } }),
  );
  const page = await client(fetch).user.listUsers({
    query: { limit: 10, tag: ["a", "b c"], status: "active", active: false, ignored: undefined },
    headers: { "X-Request-Id": "r-1" },
  });
  assert.deepEqual(page, { items: [USER], total: 1 });
  assert.equal(requests.length, 1);
  assert.equal(requests[0].url, "https://api.test/v1/users?limit=10&tag=a&tag=b%20c&status=active&active=false");
  assert.equal(requests[0].method, "GET");
  assert.equal(requests[0].headers["x-request-id"], "r-1");
  assert.equal(requests[0].headers.accept, "application/json, application/problem+json");
  assert.equal(requests[0].body, undefined);
  assert.ok(requests[0].signal instanceof AbortSignal);
});

await check("listUsers: no params at all, no query string", async () => {
  const { fetch, requests } = fakeFetch(() => respond(200, { data: { items: [], total: 0 } }));
  assert.deepEqual(await client(fetch).user.listUsers(), { items: [], total: 0 });
  assert.equal(requests[0].url, "https://api.test/v1/users");
});

await check("getUser: path parameter percent-encoded as one segment", async () => {
  const { fetch, requests } = fakeFetch(() => respond(200, { data: USER }));
  const user = await client(fetch).user.getUser({ path: { id: "a/b c?d#é" } });
  assert.deepEqual(user, USER);
  assert.equal(requests[0].url, "https://api.test/v1/users/a%2Fb%20c%3Fd%23%C3%A9");
});

await check("getFile: {path...} keeps its slashes, segments encoded; bare string body", async () => {
  const { fetch, requests } = fakeFetch(() => respond(200, '"file contents"'));
  assert.equal(await client(fetch).file.getFile({ path: { path: "docs/a b/ü.txt" } }), "file contents");
  assert.equal(requests[0].url, "https://api.test/v1/files/docs/a%20b/%C3%BC.txt");
});

await check("createUser: JSON body, content type, required header; 201 envelope", async () => {
  const { fetch, requests } = fakeFetch(() => respond(201, { data: USER }));
  const user = await client(fetch).user.createUser({ headers: { "Idempotency-Key": "k-1" }, body: { name: "Ann" } });
  assert.deepEqual(user, USER);
  assert.equal(requests[0].method, "POST");
  assert.equal(requests[0].url, "https://api.test/v1/users");
  assert.equal(requests[0].body, '{"name":"Ann"}');
  assert.equal(requests[0].headers["content-type"], "application/json");
  assert.equal(requests[0].headers["idempotency-key"], "k-1");
});

await check("deleteUser: number path parameter as text; 204 resolves to undefined", async () => {
  const { fetch, requests } = fakeFetch(() => respond(204, "", ""));
  assert.equal(await client(fetch).user.deleteUser({ path: { id: 42 } }), undefined);
  assert.equal(requests[0].method, "DELETE");
  assert.equal(requests[0].url, "https://api.test/v1/users/42");
});

await check("searchUsers: bare array and bare null", async () => {
  const { fetch, requests } = fakeFetch((r) => respond(200, r.url.includes("q=none") ? "null" : [USER]));
  const api = client(fetch);
  assert.deepEqual(await api.user.searchUsers({ query: { q: "ann & bob" } }), [USER]);
  assert.equal(requests[0].url, "https://api.test/v1/users/search?q=ann%20%26%20bob");
  assert.equal(await api.user.searchUsers({ query: { q: "none" } }), null);
});

await check("health: no parameters; inline response object", async () => {
  const { fetch, requests } = fakeFetch(() => respond(200, { ok: true, version: "1.2" }));
  assert.deepEqual(await client(fetch).api.health(), { ok: true, version: "1.2" });
  assert.equal(requests[0].url, "https://api.test/v1/health");
});

await check("debug: a response of any JSON (JsonValue) is still checked to be JSON", async () => {
  const { fetch } = fakeFetch(() => respond(200, { anything: [1, "two", null] }));
  assert.deepEqual(await client(fetch).api.debug(), { anything: [1, "two", null] });
});

await check("headers: client map and function, endpoint params, per-call; later wins, case-insensitive", async () => {
  const { fetch, requests } = fakeFetch(() => respond(200, { data: { items: [], total: 0 } }));
  let calls = 0;
  const api = client(fetch, {
    headers: async () => {
      calls += 1;
      return { Authorization: `Bearer t${calls}`, "X-Request-Id": "from-client", "X-Skip": undefined };
    },
  });
  await api.user.listUsers({ headers: { "X-Request-Id": "from-params" } }, { headers: { authorization: "Bearer call" } });
  await api.user.listUsers();
  assert.equal(requests[0].headers.authorization, "Bearer call");
  assert.equal(requests[0].headers["x-request-id"], "from-params");
  assert.equal("x-skip" in requests[0].headers, false);
  assert.equal(requests[1].headers.authorization, "Bearer t2");
  assert.equal(requests[1].headers["x-request-id"], "from-client");
});

await check("baseUrl: relative prefix and empty; default fetch is the global one, looked up per call", async () => {
  const saved = globalThis.fetch;
  const { fetch, requests } = fakeFetch(() => respond(200, { ok: true, version: "x" }));
  globalThis.fetch = fetch;
  try {
    await createClient({ baseUrl: "/api" }).api.health();
    await createClient({ baseUrl: "" }).api.health();
  } finally {
    globalThis.fetch = saved;
  }
  assert.deepEqual(
    requests.map((r) => r.url),
    ["/api/health", "/health"],
  );
});

// --- API errors ---------------------------------------------------------------------------------------

const PROBLEM = {
  type: "about:blank",
  title: "Not Found",
  status: 404,
  detail: "user 42 does not exist",
  reason: "USER_NOT_FOUND",
  metadata: { id: "42", ignored: 1 },
};

await check("ApiError from a problem+json body: status, reason, detail, metadata, guards", async () => {
  const { fetch } = fakeFetch(() => respond(404, PROBLEM, "application/problem+json"));
  const error = await rejection(client(fetch).user.getUser({ path: { id: "42" } }));
  assert.ok(error instanceof ApiError);
  assert.ok(error instanceof ContractError);
  assert.ok(error instanceof Error);
  assert.ok(!(error instanceof NetworkError));
  assert.ok(!(error instanceof ValidationError));
  assert.equal(error.name, "ApiError");
  assert.equal(error.status, 404);
  assert.equal(error.reason, "USER_NOT_FOUND");
  assert.equal(error.reason, Reason.UserNotFound);
  assert.equal(error.title, "Not Found");
  assert.equal(error.detail, "user 42 does not exist");
  assert.deepEqual(error.metadata, { id: "42" });
  assert.deepEqual(error.problem, PROBLEM);
  assert.equal(error.body, JSON.stringify(PROBLEM));
  assert.equal(error.method, "GET");
  assert.equal(error.url, "https://api.test/v1/users/42");
  assert.equal(error.headers.get("Retry-After"), "7");
  assert.match(error.message, /404 USER_NOT_FOUND: user 42 does not exist/);
  assert.equal(pkg.isUserNotFound(error), true);
  assert.equal(pkg.isEmailTaken(error), false);
  assert.equal(isReason(error, Reason.UserNotFound), true);
  assert.equal(isReason(error, Reason.Internal), false);
  assert.equal(pkg.isUserNotFound(new Error("USER_NOT_FOUND")), false);
  assert.equal(pkg.isUserNotFound(undefined), false);
});

await check("ApiError from plain JSON with a string reason and integer status (no problem content type)", async () => {
  const body = { status: 409, reason: "EMAIL_TAKEN", detail: "taken" };
  const { fetch } = fakeFetch(() => respond(409, body, "application/json; charset=utf-8"));
  const error = await rejection(
    client(fetch).user.createUser({ headers: { "Idempotency-Key": "k" }, body: { name: "Ann" } }),
  );
  assert.ok(error instanceof ApiError);
  assert.equal(error.reason, "EMAIL_TAKEN");
  assert.equal(pkg.isEmailTaken(error), true);
  assert.deepEqual(error.metadata, {});
});

await check("ApiError for a built-in BAD_REQUEST problem (not declared by the catalog)", async () => {
  const body = { type: "about:blank", title: "Bad Request", status: 400, detail: 'query parameter "limit": "x" is not an integer', reason: "BAD_REQUEST", metadata: { in: "query", name: "limit" } };
  const { fetch } = fakeFetch(() => respond(400, body, "application/problem+json"));
  const error = await rejection(client(fetch).user.listUsers());
  assert.equal(pkg.isBadRequest(error), true);
  assert.equal(error.reason, Reason.BadRequest);
  assert.deepEqual(error.metadata, { in: "query", name: "limit" });
});

await check("ApiError keeps a reason this client does not know", async () => {
  const body = { ...PROBLEM, status: 429, reason: "RATE_LIMITED", metadata: undefined };
  const { fetch } = fakeFetch(() => respond(429, body, "application/problem+json"));
  const error = await rejection(client(fetch).user.getUser({ path: { id: "1" } }));
  assert.equal(error.status, 429);
  assert.equal(error.reason, "RATE_LIMITED");
  assert.equal(pkg.isUserNotFound(error), false);
});

await check("ApiError for a proxy's HTML 502: no reason, raw body", async () => {
  const html = "<html><body><h1>502 Bad Gateway</h1></body></html>";
  const { fetch } = fakeFetch(() => respond(502, html, "text/html"));
  const error = await rejection(client(fetch).user.getUser({ path: { id: "1" } }));
  assert.ok(error instanceof ApiError);
  assert.equal(error.status, 502);
  assert.equal(error.reason, undefined);
  assert.equal(error.body, html);
  assert.equal(error.problem, undefined);
  assert.deepEqual(error.metadata, {});
  assert.match(error.message, /HTTP 502/);
});

await check("ApiError for an empty 500", async () => {
  const { fetch } = fakeFetch(() => respond(500, "", ""));
  const error = await rejection(client(fetch).api.health());
  assert.ok(error instanceof ApiError);
  assert.equal(error.status, 500);
  assert.equal(error.reason, undefined);
  assert.equal(error.body, "");
});

await check("ApiError for other JSON shapes: no reason, raw body", async () => {
  for (const body of ['{"error":"bad"}', '{"reason":"X","status":"400"}', "[1,2]", '"text"', "{broken"]) {
    const { fetch } = fakeFetch(() => respond(400, body));
    const error = await rejection(client(fetch).user.getUser({ path: { id: "1" } }));
    assert.ok(error instanceof ApiError, body);
    assert.equal(error.reason, undefined, body);
    assert.equal(error.body, body);
  }
});

await check("ApiError on a 3xx that fetch did not follow; 2xx other than the declared one is success", async () => {
  const redirect = fakeFetch(() => respond(304, ""));
  assert.ok((await rejection(client(redirect.fetch).api.health())) instanceof ApiError);
  const accepted = fakeFetch(() => respond(202, { ok: true, version: "1" }));
  assert.deepEqual(await client(accepted.fetch).api.health(), { ok: true, version: "1" });
});

await check("feed: each 2xx status read as the contract says (200 users, 202 a user or nothing, 204 nothing)", async () => {
  const answers = { 200: [USER], 202: "", 204: "" };
  let status = 200;
  const { fetch } = fakeFetch(() => respond(status, answers[status], status === 200 ? undefined : ""));
  const api = client(fetch);
  assert.deepEqual(await api.user.feed(), [USER]);
  status = 202;
  assert.equal(await api.user.feed(), undefined);
  answers[202] = USER;
  assert.deepEqual(await api.user.feed(), USER);
  answers[202] = [USER]; // 202's schema is a user: an array is refused
  assert.ok((await rejection(api.user.feed())) instanceof ValidationError);
  status = 204;
  assert.equal(await api.user.feed(), undefined);
  status = 200;
  answers[200] = ""; // the main status has a body
  assert.ok((await rejection(api.user.feed())) instanceof ValidationError);
});

await check("export: a text body is the string as sent, never parsed; accept asks for any type too", async () => {
  const { fetch, requests } = fakeFetch(() => respond(200, "a,b\n1,2\n", "text/csv"));
  assert.equal(await client(fetch).file.export(), "a,b\n1,2\n");
  assert.match(requests[0].headers.accept, /\*\/\*/);
  const json = fakeFetch(() => respond(200, { ok: true, version: "1" }));
  await client(json.fetch).api.health();
  assert.doesNotMatch(json.requests[0].headers.accept, /\*\/\*/);
});

await check("logo: a bytes body is the response's Blob, or its ArrayBuffer as one; never its text", async () => {
  const png = new Blob([new Uint8Array([0x89, 0x50, 0x00, 0xff])], { type: "image/png" });
  let texts = 0;
  const withBlob = fakeFetch(() => ({ ...respond(200, ""), text: async () => (texts++, ""), blob: async () => png }));
  assert.equal(await client(withBlob.fetch).file.logo(), png);
  assert.equal(texts, 0);
  const bytes = new Uint8Array([0x89, 0x50, 0x00, 0xff]);
  const buffered = fakeFetch(() => ({ ...respond(200, ""), arrayBuffer: async () => bytes.buffer }));
  const made = await client(buffered.fetch).file.logo();
  assert.ok(made instanceof Blob);
  assert.deepEqual([...new Uint8Array(await made.arrayBuffer())], [0x89, 0x50, 0x00, 0xff]);
  const textOnly = fakeFetch(() => respond(200, "\u0089PNG"));
  const refused = await rejection(client(textOnly.fetch).file.logo());
  assert.ok(refused instanceof NetworkError && /neither blob\(\) nor arrayBuffer\(\)/.test(String(refused.cause)), String(refused));
  const missing = fakeFetch(() => respond(404, "no logo", "text/plain"));
  const error = await rejection(client(missing.fetch).file.logo());
  assert.ok(error instanceof ApiError && error.status === 404 && error.body === "no logo");
});

// --- network errors -----------------------------------------------------------------------------------

await check("NetworkError when fetch rejects, with its cause", async () => {
  const cause = new TypeError("fetch failed");
  const error = await rejection(client(() => Promise.reject(cause)).api.health());
  assert.ok(error instanceof NetworkError);
  assert.ok(error instanceof ContractError);
  assert.ok(!(error instanceof ApiError));
  assert.equal(error.kind, "network");
  assert.equal(error.cause, cause);
  assert.match(error.message, /GET https:\/\/api\.test\/v1\/health failed: fetch failed/);
});

await check("NetworkError when fetch throws synchronously", async () => {
  const error = await rejection(
    client(() => {
      throw new TypeError("bad init");
    }).api.health(),
  );
  assert.ok(error instanceof NetworkError);
  assert.equal(error.kind, "network");
});

await check("NetworkError when reading the body fails", async () => {
  const broken = { ...respond(200, ""), text: () => Promise.reject(new Error("connection reset")) };
  const error = await rejection(client(async () => broken).api.health());
  assert.ok(error instanceof NetworkError);
  assert.equal(error.kind, "network");
  assert.equal(error.cause.message, "connection reset");
});

await check("NetworkError on timeout (client option), the request's signal aborted", async () => {
  const { fetch, requests } = hangingFetch({ honourSignal: true });
  const started = Date.now();
  const error = await rejection(client(fetch, { timeoutMs: 30 }).api.health());
  assert.ok(error instanceof NetworkError);
  assert.equal(error.kind, "timeout");
  assert.ok(Date.now() - started < 2000);
  assert.equal(requests[0].signal.aborted, true);
});

await check("NetworkError on timeout even when fetch ignores its signal; per-call timeout wins", async () => {
  const { fetch } = hangingFetch({ honourSignal: false });
  const error = await rejection(client(fetch, { timeoutMs: 60_000 }).api.health(undefined, { timeoutMs: 20 }));
  assert.ok(error instanceof NetworkError);
  assert.equal(error.kind, "timeout");
});

await check("NetworkError on timeout while the body is still arriving", async () => {
  const slow = { ...respond(200, ""), text: () => new Promise(() => {}) };
  const error = await rejection(client(async () => slow, { timeoutMs: 20 }).api.health());
  assert.ok(error instanceof NetworkError);
  assert.equal(error.kind, "timeout");
});

await check("NetworkError on abort by the caller's signal, cause = the abort reason", async () => {
  const { fetch } = hangingFetch({ honourSignal: true });
  const controller = new AbortController();
  const pending = client(fetch, { timeoutMs: 60_000 }).api.health(undefined, { signal: controller.signal });
  const reason = new Error("user left the page");
  setTimeout(() => controller.abort(reason), 10);
  const error = await rejection(pending);
  assert.ok(error instanceof NetworkError);
  assert.equal(error.kind, "abort");
  assert.equal(error.cause, reason);
});

await check("NetworkError for an already aborted signal, without calling fetch", async () => {
  const { fetch, requests } = fakeFetch(() => respond(200, { ok: true, version: "1" }));
  const error = await rejection(client(fetch).api.health(undefined, { signal: AbortSignal.abort() }));
  assert.ok(error instanceof NetworkError);
  assert.equal(error.kind, "abort");
  assert.equal(requests.length, 0);
});

await check("a finished call leaves no timer behind and ignores a later abort", async () => {
  const { fetch } = fakeFetch(() => respond(200, { ok: true, version: "1" }));
  const controller = new AbortController();
  await client(fetch, { timeoutMs: 10 }).api.health(undefined, { signal: controller.signal });
  controller.abort();
  await new Promise((resolve) => setTimeout(resolve, 30));
});

// --- validation ---------------------------------------------------------------------------------------

const CORRUPT = { data: { ...USER, name: 5, tags: ["ok", 7] } };

await check("ValidationError on a corrupted response, with JSON paths in the message", async () => {
  const { fetch } = fakeFetch(() => respond(200, CORRUPT));
  const error = await rejection(client(fetch).user.getUser({ path: { id: "1" } }));
  assert.ok(error instanceof ValidationError);
  assert.ok(error instanceof ContractError);
  assert.ok(!(error instanceof ApiError));
  assert.equal(error.status, 200);
  assert.match(error.message, /GET https:\/\/api\.test\/v1\/users\/1: the response does not match the contract/);
  assert.match(error.message, /→ at data\.name/);
  assert.match(error.message, /→ at data\.tags\[1\]/);
  assert.deepEqual(
    error.issues.map((i) => i.path),
    [["data", "name"], ["data", "tags", 1]],
  );
  assert.deepEqual(error.body, CORRUPT);
});

await check("ValidationError for a generic Page<User>: the item schema is applied", async () => {
  const { fetch } = fakeFetch(() => respond(200, { data: { items: [{ ...USER, status: "gone" }], total: 1 } }));
  const error = await rejection(client(fetch).user.listUsers());
  assert.ok(error instanceof ValidationError);
  assert.match(error.message, /→ at data\.items\[0\]\.status/);
});

await check("ValidationError for an envelope without data, and for a body that is not JSON", async () => {
  const bare = fakeFetch(() => respond(200, USER));
  const missing = await rejection(client(bare.fetch).user.getUser({ path: { id: "1" } }));
  assert.ok(missing instanceof ValidationError);
  assert.match(missing.message, /→ at data/);
  const html = fakeFetch(() => respond(200, "<html></html>", "text/html"));
  const notJson = await rejection(client(html.fetch).user.getUser({ path: { id: "1" } }));
  assert.ok(notJson instanceof ValidationError);
  assert.match(notJson.message, /not JSON/);
});

await check("ValidationError for a 204 where the contract promises a body", async () => {
  const { fetch } = fakeFetch(() => respond(204, "", ""));
  assert.ok((await rejection(client(fetch).user.getUser({ path: { id: "1" } }))) instanceof ValidationError);
});

await check('validate "warn": console.warn once, returns the parsed data unchecked', async () => {
  const { fetch } = fakeFetch(() => respond(200, CORRUPT));
  const warnings = [];
  const saved = console.warn;
  console.warn = (...args) => warnings.push(args.join(" "));
  let user;
  try {
    user = await client(fetch, { validate: "warn" }).user.getUser({ path: { id: "1" } });
  } finally {
    console.warn = saved;
  }
  assert.deepEqual(user, CORRUPT.data);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0], /→ at data\.name/);
});

await check('validate "off": no check, no warning; per-call mode overrides the client', async () => {
  const { fetch } = fakeFetch(() => respond(200, CORRUPT));
  const warnings = [];
  const saved = console.warn;
  console.warn = (...args) => warnings.push(args.join(" "));
  try {
    assert.deepEqual(await client(fetch, { validate: "off" }).user.getUser({ path: { id: "1" } }), CORRUPT.data);
    assert.deepEqual(await client(fetch).user.getUser({ path: { id: "1" } }, { validate: "off" }), CORRUPT.data);
    const error = await rejection(client(fetch, { validate: "off" }).user.getUser({ path: { id: "1" } }, { validate: "throw" }));
    assert.ok(error instanceof ValidationError);
  } finally {
    console.warn = saved;
  }
  assert.equal(warnings.length, 0);
});

// --- request bodies: checked against what the server accepts before sending ---------------------------

const CREATED = { data: USER };
function withWarnings(body) {
  const warnings = [];
  const saved = console.warn;
  console.warn = (...args) => warnings.push(args.join(" "));
  return body().finally(() => (console.warn = saved)).then((value) => ({ value, warnings }));
}

await check('validate "throw": a body the server would reject is a RequestValidationError and nothing is sent', async () => {
  const { fetch, requests } = fakeFetch(() => respond(201, CREATED));
  const body = { name: "" }; // binding:"required": the server rejects an empty name
  const error = await rejection(client(fetch).user.createUser({ headers: { "Idempotency-Key": "k" }, body }));
  assert.ok(error instanceof RequestValidationError && error instanceof ContractError);
  assert.ok(!(error instanceof ValidationError) && !(error instanceof ApiError));
  assert.equal(error.name, "RequestValidationError");
  assert.equal(error.body, body);
  assert.equal(error.method, "POST");
  assert.deepEqual(error.issues.map((i) => i.path), [["name"]]);
  assert.match(error.message, /POST https:\/\/api\.test\/v1\/users: the request body does not match what the server accepts; nothing was sent\n.*→ at name/s);
  assert.equal(requests.length, 0);
  const wrongKind = await rejection(client(fetch).user.createUser({ headers: { "Idempotency-Key": "k" }, body: { name: 7 } }));
  assert.ok(wrongKind instanceof RequestValidationError);
  assert.equal(requests.length, 0);
  assert.ok(new runtimeCopy.RequestValidationError({ method: "POST", url: "/", issues: [], body: 1 }) instanceof RequestValidationError);
});

await check("a body the server accepts is sent as given (null and absent keys the decoder takes, unknown keys kept)", async () => {
  const { fetch, requests } = fakeFetch(() => respond(201, CREATED));
  for (const body of [{ name: "Ann", email: null }, { name: "Ann", nickname: "A" }]) {
    await client(fetch).user.createUser({ headers: { "Idempotency-Key": "k" }, body });
    assert.equal(requests.at(-1).body, JSON.stringify(body));
  }
  assert.equal(requests.length, 2);
});

await check('validate "warn" sends a rejected body with one warning; "off" sends it silently; per call overrides', async () => {
  const { fetch, requests } = fakeFetch(() => respond(201, CREATED));
  const params = { headers: { "Idempotency-Key": "k" }, body: { name: "" } };
  const warned = await withWarnings(() => client(fetch, { validate: "warn" }).user.createUser(params));
  assert.equal(warned.warnings.length, 1);
  assert.match(warned.warnings[0], /the request body does not match what the server accepts/);
  const silent = await withWarnings(() => client(fetch).user.createUser(params, { validate: "off" }));
  assert.equal(silent.warnings.length, 0);
  assert.deepEqual(silent.value, USER);
  assert.equal(requests.length, 2);
  assert.ok((await rejection(client(fetch, { validate: "off" }).user.createUser(params, { validate: "throw" }))) instanceof RequestValidationError);
  assert.equal(requests.length, 2);
});

await check('a multipart body is checked with its parts\' schema: a missing file, a value the server rejects, a list too long', async () => {
  const { fetch, requests } = fakeFetch(() => respond(200, { size: 3 }));
  const doc = new Blob(["abc"]);
  const ok = await client(fetch).file.upload({ body: { doc, title: "Hi", rating: 5, tag: ["a", "b"], extra: [doc, doc] } });
  assert.deepEqual(ok, { size: 3 });
  const sent = requests.at(-1).body;
  assert.ok(sent instanceof FormData);
  assert.deepEqual([sent.getAll("rating"), sent.getAll("tag"), sent.getAll("extra").length], [["5"], ["a", "b"], 2]);
  const bad = [
    [{ title: "Hi" }, ["doc"]], // the file is required
    [{ doc: "not a blob", title: "Hi" }, ["doc"]],
    [{ doc, title: "x" }, ["title"]], // min=2
    [{ doc, title: "Hi", rating: 9 }, ["rating"]], // lte=5
    [{ doc, title: "Hi", rating: 1.5 }, ["rating"]], // an integer
    [{ doc, title: "Hi", tag: ["a", "b", "c"] }, ["tag"]], // max=2
  ];
  for (const [body, path] of bad) {
    const error = await rejection(client(fetch).file.upload({ body }));
    assert.ok(error instanceof RequestValidationError, JSON.stringify(Object.keys(body)));
    assert.deepEqual(error.issues.map((i) => i.path), [path]);
  }
  assert.equal(requests.length, 1);
  const warned = await withWarnings(() => client(fetch, { validate: "warn" }).file.upload({ body: { title: "Hi" } }));
  assert.equal(warned.warnings.length, 1);
  await client(fetch, { validate: "off" }).file.upload({ body: { title: "x" } });
  assert.equal(requests.length, 3);
});

// --- instanceof across copies -------------------------------------------------------------------------

await check("instanceof holds across two separately loaded copies of the runtime", async () => {
  assert.notEqual(runtimeCopy.ApiError, runtime.ApiError, "the copy must be a distinct module instance");
  assert.equal(runtime.ApiError, ApiError, "the barrel re-exports the runtime's classes");
  const fromCopy = new runtimeCopy.ApiError({ status: 404, reason: "USER_NOT_FOUND" });
  assert.ok(fromCopy instanceof ApiError);
  assert.ok(fromCopy instanceof ContractError);
  assert.ok(!(fromCopy instanceof NetworkError));
  assert.ok(pkg.isUserNotFound(fromCopy));
  assert.ok(isReason(fromCopy, "USER_NOT_FOUND"));
  const network = new runtimeCopy.NetworkError({ kind: "timeout", method: "GET", url: "/x" });
  assert.ok(network instanceof NetworkError);
  assert.ok(network instanceof ContractError);
  assert.ok(!(network instanceof ApiError));
  const validation = new runtimeCopy.ValidationError({ method: "GET", url: "/x", status: 200, issues: [], body: null });
  assert.ok(validation instanceof ValidationError);
  assert.ok(!(validation instanceof ApiError));
  // and the other way round: an error thrown by this package's client, checked with the copy's classes
  const { fetch } = fakeFetch(() => respond(404, PROBLEM, "application/problem+json"));
  const thrown = await rejection(client(fetch).user.getUser({ path: { id: "42" } }));
  assert.ok(thrown instanceof runtimeCopy.ApiError);
  assert.ok(thrown instanceof runtimeCopy.ContractError);
  assert.ok(runtimeCopy.isUserNotFound(thrown));
  for (const other of [new Error("x"), { status: 404 }, null, undefined, "ApiError", Object.create(null)]) {
    assert.ok(!(other instanceof ApiError));
    assert.ok(!(other instanceof ContractError));
  }
});

await check("a subclass of your own is checked by its prototype", async () => {
  class AppError extends ApiError {}
  const mine = new AppError({ status: 400 });
  assert.ok(mine instanceof AppError);
  assert.ok(mine instanceof ApiError);
  assert.ok(mine instanceof runtimeCopy.ApiError);
  assert.ok(!(new ApiError({ status: 400 }) instanceof AppError));
  assert.ok(!(new runtimeCopy.ApiError({ status: 400 }) instanceof AppError));
});

await check("Reason const object and schema", async () => {
  assert.deepEqual(Reason, {
    UserNotFound: "USER_NOT_FOUND",
    EmailTaken: "EMAIL_TAKEN",
    InvalidInput: "INVALID_INPUT",
    Internal: "INTERNAL",
    BadRequest: "BAD_REQUEST",
  });
  assert.equal(pkg.ReasonSchema.safeParse("EMAIL_TAKEN").success, true);
  assert.equal(pkg.ReasonSchema.safeParse("NOPE").success, false);
  assert.deepEqual(pkg.ApiResponseSchema(pkg.UserSchema).parse({ data: USER }), { data: USER });
});

console.log(`ts client: ${passed} passed, ${failures.length} failed`);
process.exit(failures.length === 0 ? 0 : 1);
