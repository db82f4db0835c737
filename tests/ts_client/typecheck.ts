// Compiled with the package rendered from tests/ts_client/contract.py (copied in as src/__typecheck.ts):
// right usage compiles, wrong usage is a compile error. Each `@ts-expect-error` must meet an error, or
// tsc fails with TS2578 (unused directive), so every line below is a real check.
import {
  ApiError,
  createClient,
  isEmailTaken,
  isReason,
  isUserNotFound,
  NetworkError,
  Reason,
  ValidationError,
  type AnyReason,
  type Client,
  type ClientOptions,
  type JsonValue,
} from "./index.js";
import * as models from "./models.js";
import * as api from "./api.js";

type Equal<X, Y> = (<G>() => G extends X ? 1 : 2) extends <G>() => G extends Y ? 1 : 2 ? true : false;
type Expect<T extends true> = T;

const options: ClientOptions = { baseUrl: "https://api.test", validate: "warn", timeoutMs: 5000 };
const client: Client = createClient(options);

export async function rightUsage(signal: AbortSignal): Promise<void> {
  const user = await client.user.getUser({ path: { id: "42" } }, { signal, timeoutMs: 100 });
  const page = await client.user.listUsers({ query: { limit: 5, tag: ["a"], status: models.Status.Active } });
  const created = await client.user.createUser({ headers: { "Idempotency-Key": "k" }, body: { name: "Ann" } });
  const found = await client.user.searchUsers({ query: { q: "ann" } });
  const deleted = await client.user.deleteUser({ path: { id: 42 } });
  const health = await client.api.health();
  const debug = await client.api.debug();
  const file = await client.file.getFile({ path: { path: "a/b.txt" } });
  await client.user.listUsers();
  const maybeLimit: number | undefined = undefined;
  await client.user.listUsers({ query: { limit: maybeLimit } });
  await client.api.health({}, { headers: { "X-Trace": "1" }, validate: "off" });
  const uploaded = await client.file.upload({ body: { doc: new Blob([]), title: "t", rating: 3, tag: ["a"] } });
  const feed = await client.user.feed();
  const csv = await client.file.export();
  const logo = await client.file.logo();
  type _results = [
    Expect<Equal<typeof feed, models.User[] | models.User | undefined>>,
    Expect<Equal<typeof csv, string>>,
    Expect<Equal<typeof logo, Blob>>,
    Expect<Equal<typeof user, models.User>>,
    Expect<Equal<typeof page, models.Page<models.User>>>,
    Expect<Equal<typeof created, models.User>>,
    Expect<Equal<typeof found, models.User[] | null>>,
    Expect<Equal<typeof deleted, void>>,
    Expect<Equal<typeof uploaded, { size: number }>>,
    Expect<Equal<typeof health, { ok: boolean; version: string }>>,
    Expect<Equal<typeof debug, JsonValue>>,
    Expect<Equal<typeof file, string>>,
    Expect<Equal<Reason, "USER_NOT_FOUND" | "EMAIL_TAKEN" | "INVALID_INPUT" | "INTERNAL" | "BAD_REQUEST">>,
    // the Go catalog type `api.Reason`, plus the built-in BAD_REQUEST it does not declare
    Expect<Equal<Reason, api.Reason | "BAD_REQUEST">>,
  ];
}

export async function wrongParameters(): Promise<void> {
  // @ts-expect-error a form value bound into an int is a number
  await client.file.upload({ body: { doc: new Blob([]), title: "t", rating: "3" } });
  // @ts-expect-error the file part is required
  await client.file.upload({ body: { title: "t" } });
  // @ts-expect-error the path parameter id is a string
  await client.user.getUser({ path: { id: 42 } });
  // @ts-expect-error the path parameters are required
  await client.user.getUser({});
  // @ts-expect-error the parameter object is required
  await client.user.getUser();
  // @ts-expect-error limit is a number
  await client.user.listUsers({ query: { limit: "10" } });
  // @ts-expect-error no such query parameter
  await client.user.listUsers({ query: { limt: 10 } });
  // @ts-expect-error status is one of the enum's values
  await client.user.listUsers({ query: { status: "deleted" } });
  // @ts-expect-error tag is an array
  await client.user.listUsers({ query: { tag: "a" } });
  // @ts-expect-error the required header is missing
  await client.user.createUser({ body: { name: "Ann" } });
  // @ts-expect-error the body does not match CreateUser
  await client.user.createUser({ headers: { "Idempotency-Key": "k" }, body: { name: 1 } });
  // @ts-expect-error the body is required
  await client.user.createUser({ headers: { "Idempotency-Key": "k" } });
  // @ts-expect-error the required query parameter q is missing
  await client.user.searchUsers({ query: {} });
  // @ts-expect-error health takes no parameters
  await client.api.health({ query: { verbose: true } });
  // @ts-expect-error a signal is an AbortSignal
  await client.api.health(undefined, { signal: "stop" });
  // @ts-expect-error validate is "throw" | "warn" | "off"
  createClient({ baseUrl: "", validate: "strict" });
  // @ts-expect-error no such method
  await client.user.getUsers({ path: { id: "1" } });
  // @ts-expect-error no such group
  client.users;
  // @ts-expect-error a result is not what it is not
  const wrong: models.CreateUser[] = await client.user.searchUsers({ query: { q: "" } });
  void wrong;
}

export function errorTypes(error: unknown): void {
  if (isUserNotFound(error)) {
    const reason: "USER_NOT_FOUND" = error.reason;
    const status: number = error.status;
    void reason, status;
    // @ts-expect-error after the guard, the reason is USER_NOT_FOUND, never EMAIL_TAKEN
    if (error.reason === "EMAIL_TAKEN") return;
  }
  if (isReason(error, Reason.EmailTaken)) {
    const reason: "EMAIL_TAKEN" = error.reason;
    void reason;
  }
  // @ts-expect-error not a known reason: a guard only takes the catalog's reasons
  isReason(error, "NOT_A_REASON");
  if (error instanceof ApiError) {
    // a newer server's reason is still a reason (AnyReason = Reason | (string & {}))
    const reason: AnyReason | undefined = error.reason;
    const unknownReason: ApiError["reason"] = "SOMETHING_NEW";
    void reason, unknownReason;
    // @ts-expect-error reason may be undefined (a body that was not a problem)
    const sure: string = error.reason;
    void sure;
    const metadata: Readonly<Record<string, string>> = error.metadata;
    void metadata;
    // @ts-expect-error the fields of an ApiError are read-only
    error.status = 200;
  }
  if (error instanceof NetworkError) {
    const kind: "network" | "timeout" | "abort" = error.kind;
    void kind;
  }
  if (error instanceof ValidationError) {
    const paths: PropertyKey[][] = error.issues.map((issue) => issue.path);
    void paths;
  }
  // @ts-expect-error the guard takes one argument
  isEmailTaken();
}
