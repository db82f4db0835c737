// The end-to-end proof of the generated client: runs against the real example service
// (fixtures/shop, started by tests/test_e2e.py with -chaos) through the package contractgen generated
// from it, imported as a consumer would ("contracts"). Compiled with tsc --strict (and stricter
// consumer flags, tests/e2e/tsconfig.json), so the typed results below are checked at compile time:
// each is assigned to a variable of the type the contract promises.
//
// usage: node shop_e2e.js <base URL of shopd>      (or SHOP_URL=...)
// Prints one line per check ("ok ..." / "FAIL ..."), then "N passed, M failed"; exits 1 on a failure.

import assert from "node:assert/strict";
import { createServer } from "node:net";

import {
  ApiError,
  ContractError,
  NetworkError,
  Reason,
  RequestValidationError,
  ValidationError,
  createClient,
  isApiError,
  isBadRequest,
  isEmailTaken,
  isForbidden,
  isInternal,
  isInvalidQuantity,
  isOrderNotFound,
  isOrderNotPayable,
  isOutOfStock,
  isPaymentRequired,
  isProductNotFound,
  isReason,
  isUserNotFound,
  type CategoryTree,
  type Client,
  type Health,
  type Invoice,
  type Order,
  type OrderHistory,
  type Page,
  type PlaceOrderRequest,
  type Product,
  type ProductList,
  type Result,
  type User,
} from "contracts";
import { Role, type Address } from "contracts/models";

const BASE = process.argv[2] ?? process.env["SHOP_URL"];
if (BASE === undefined || BASE === "") {
  console.error("usage: node shop_e2e.js <base URL>   (or SHOP_URL=...)");
  process.exit(2);
}

// --- checks --------------------------------------------------------------------------------------------

let passed = 0;
const failed: string[] = [];

async function check(name: string, body: () => Promise<void>): Promise<void> {
  try {
    await body();
    passed += 1;
    console.log(`ok ${name}`);
  } catch (error) {
    failed.push(name);
    const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
    console.log(`FAIL ${name}\n  ${text.split("\n").join("\n  ")}`);
  }
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new assert.AssertionError({ message: "expected the call to reject, it resolved" });
}

// --- the client, with a record of which endpoints were called ----------------------------------------

const called = new Set<string>();

/** Wraps every method of a client so that the last check can tell whether each endpoint was called. */
function tracked(client: Client): Client {
  const groups: Record<string, Record<string, unknown>> = {};
  for (const [group, methods] of Object.entries(client)) {
    const wrapped: Record<string, unknown> = {};
    for (const [name, method] of Object.entries(methods as Record<string, (...args: unknown[]) => unknown>)) {
      // Object.assign keeps what the method carries (its endpoint, for isApiError).
      wrapped[name] = Object.assign((...args: unknown[]) => {
        called.add(`${group}.${name}`);
        return method(...args);
      }, method);
    }
    groups[group] = wrapped;
  }
  return groups as unknown as Client;
}

const api: Client = tracked(createClient({ baseUrl: BASE }));
const ADMIN = { "X-Admin-Token": "let-me-in" };
const CORRUPT = { "X-Chaos": "corrupt" };
const BERLIN: Address = { line1: "Unter den Linden 1", city: "Berlin", postalCode: "10117", country: "DE" };

// --- error reasons: every one must be triggered, with its status and its guard -------------------------

/** The HTTP status of each reason; typed over `Reason`, so a reason added to the catalog fails to compile. */
const STATUS: Record<Reason, number> = {
  USER_NOT_FOUND: 404,
  EMAIL_TAKEN: 409,
  FORBIDDEN: 403,
  ORDER_NOT_FOUND: 404,
  ORDER_NOT_PAYABLE: 409,
  PRODUCT_NOT_FOUND: 404,
  OUT_OF_STOCK: 409,
  INVALID_QUANTITY: 422,
  PAYMENT_REQUIRED: 402,
  BAD_REQUEST: 400,
  INTERNAL: 500,
};
const GUARDS: Record<Reason, (error: unknown) => boolean> = {
  USER_NOT_FOUND: isUserNotFound,
  EMAIL_TAKEN: isEmailTaken,
  FORBIDDEN: isForbidden,
  ORDER_NOT_FOUND: isOrderNotFound,
  ORDER_NOT_PAYABLE: isOrderNotPayable,
  PRODUCT_NOT_FOUND: isProductNotFound,
  OUT_OF_STOCK: isOutOfStock,
  INVALID_QUANTITY: isInvalidQuantity,
  PAYMENT_REQUIRED: isPaymentRequired,
  BAD_REQUEST: isBadRequest,
  INTERNAL: isInternal,
};
const TITLES: Record<number, string> = {
  400: "Bad Request",
  402: "Payment Required",
  403: "Forbidden",
  404: "Not Found",
  409: "Conflict",
  415: "Unsupported Media Type",
  422: "Unprocessable Entity",
  500: "Internal Server Error",
};
const triggered = new Set<Reason>();

interface Expected {
  detail?: string | RegExp;
  metadata?: Record<string, string>;
  status?: number; // when it is not the reason's usual one (BAD_REQUEST as 415)
}

/** The call fails with an ApiError carrying `reason`: class, reason, status, problem, guards. */
async function expectReason(promise: Promise<unknown>, reason: Reason, expected: Expected = {}): Promise<ApiError> {
  const error = await rejection(promise);
  assert.ok(error instanceof ApiError, `expected an ApiError, got ${String(error)}`);
  assert.ok(error instanceof ContractError && error instanceof Error);
  assert.ok(!(error instanceof NetworkError) && !(error instanceof ValidationError));
  assert.equal(error.name, "ApiError");
  assert.equal(error.reason, reason);
  const status = expected.status ?? STATUS[reason];
  assert.equal(error.status, status);
  assert.equal(error.problem?.["status"], status, "the problem's status is the response's");
  assert.equal(error.problem?.["type"], "about:blank");
  assert.equal(error.title, TITLES[status]);
  assert.equal(error.headers?.get("content-type"), "application/problem+json");
  assert.ok(typeof error.detail === "string" && error.detail !== "", "detail is never empty");
  if (typeof expected.detail === "string") assert.equal(error.detail, expected.detail);
  else if (expected.detail !== undefined) assert.match(error.detail, expected.detail);
  if (expected.metadata !== undefined) assert.deepEqual(error.metadata, expected.metadata);
  for (const [other, guard] of Object.entries(GUARDS)) {
    assert.equal(guard(error), other === reason, `guard of ${other}`);
  }
  assert.ok(isReason(error, reason));
  assert.match(error.message, new RegExp(`^HTTP ${status} ${reason}`));
  triggered.add(reason);
  return error;
}

/** A non-problem error body of a bare endpoint: ApiError with the status and the raw body, no reason. */
async function expectBareError(promise: Promise<unknown>, status: number): Promise<ApiError> {
  const error = await rejection(promise);
  assert.ok(error instanceof ApiError, `expected an ApiError, got ${String(error)}`);
  assert.equal(error.status, status);
  assert.equal(error.reason, undefined);
  assert.equal(error.problem, undefined);
  assert.deepEqual(error.metadata, {});
  for (const guard of Object.values(GUARDS)) assert.equal(guard(error), false);
  return error;
}

// --- successes: every endpoint, typed results -----------------------------------------------------------

await check("system.health: envelope unwrapped into Health", async () => {
  const health: Health = await api.system.health();
  assert.deepEqual(health, { status: "ok", version: "1.4.0", users: 5, orders: 4 });
});

await check("user.listUsers: default page is every user, ordered by id", async () => {
  const page: Page<User> = await api.user.listUsers();
  assert.equal(page.total, 5);
  assert.equal(page.nextCursor, null);
  assert.deepEqual(
    page.items?.map((u) => u.id),
    ["u1", "u2", "u3", "u4", "u5"],
  );
});

await check("user.listUsers: limit and cursor page through everything", async () => {
  const ids: string[] = [];
  const cursors: (string | null)[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 10; i++) {
    const page: Page<User> = await api.user.listUsers({ query: { limit: 2, cursor } });
    assert.equal(page.total, 5);
    ids.push(...(page.items ?? []).map((u) => u.id));
    cursors.push(page.nextCursor);
    if (page.nextCursor === null) break;
    cursor = page.nextCursor;
  }
  assert.deepEqual(ids, ["u1", "u2", "u3", "u4", "u5"]);
  assert.deepEqual(cursors, ["2", "4", null]);
});

await check("user.listUsers: repeated tag parameter and an enum role parameter filter", async () => {
  const vip: Page<User> = await api.user.listUsers({ query: { tag: ["vip"] } });
  assert.deepEqual(vip.items?.map((u) => u.id), ["u1", "u2"]);
  const both: Page<User> = await api.user.listUsers({ query: { tag: ["vip", "beta"] } });
  assert.deepEqual(both.items?.map((u) => u.id), ["u1"]);
  assert.equal(both.total, 1);
  const customers: Page<User> = await api.user.listUsers({ query: { role: Role.Customer, limit: 100 } });
  assert.deepEqual(customers.items?.map((u) => u.id), ["u2", "u4", "u5"]);
});

await check("user.getUser: every kind of field arrives as typed", async () => {
  const ada: User = await api.user.getUser({ path: { id: "u1" } });
  assert.equal(ada.email, "ada@example.com");
  assert.equal(ada.role, Role.Admin);
  assert.equal(ada.avatarThumb, "/9j/4A=="); // []byte as base64
  assert.deepEqual(ada.defaultAddress, BERLIN);
  assert.deepEqual(ada.metadata, { plan: "pro" });
  assert.deepEqual(ada.tags, ["vip", "beta"]);
  assert.equal(ada.CreatedAt, "2023-03-01T09:30:00Z"); // audit.Fields, promoted under Go names
  assert.equal(ada.CreatedBy, "seed");
  assert.equal("UpdatedAt" in ada, false);
  const linus: User = await api.user.getUser({ path: { id: "u3" } });
  assert.equal(linus.addresses, null); // a nil slice
  assert.equal("tags" in linus, false); // omitempty
});

let created: User | undefined;
await check("user.createUser: POST body, 201, role defaulted", async () => {
  const user: User = await api.user.createUser({
    body: { email: " Barbara@Example.com ", displayName: "Barbara Liskov", tags: ["beta"] },
  });
  assert.match(user.id, /^u\d+$/);
  assert.equal(user.email, "barbara@example.com");
  assert.equal(user.role, Role.Customer);
  assert.deepEqual(user.addresses, []);
  assert.equal(user.CreatedBy, "signup");
  assert.ok(!Number.isNaN(Date.parse(user.CreatedAt)));
  const again: User = await api.user.getUser({ path: { id: user.id } });
  assert.deepEqual(again, user);
  created = user;
});

await check("user.deleteUser: header parameter, 204 resolves to undefined, the user is gone", async () => {
  assert.ok(created !== undefined);
  const id = created.id;
  const result: void = await api.user.deleteUser({ path: { id }, headers: ADMIN });
  assert.equal(result, undefined);
  await expectReason(api.user.getUser({ path: { id } }), Reason.UserNotFound, { detail: "Not Found" });
});

await check("user.orderHistory: Page<Page<Order>> grouped by month, newest first", async () => {
  const history: OrderHistory = await api.user.orderHistory({ path: { id: "u1" } });
  assert.deepEqual(history.customer, { id: "u1", displayName: "Ada Lovelace" });
  assert.equal(history.months.total, 2);
  const months: Page<Order>[] = history.months.items ?? [];
  assert.deepEqual(
    months.map((m) => m.items?.map((o) => o.id)),
    [["o3", "o2"], ["o1"]],
  );
  const o1: Order | undefined = months[1]?.items?.[0];
  assert.ok(o1 !== undefined);
  assert.deepEqual(o1.total, { amount: 7400, currency: "EUR" });
  assert.equal(o1.status, "delivered");
  assert.equal(o1.lines?.length, 2);
  const o2 = months[0]?.items?.[1];
  assert.equal(o2?.notes, "Leave it with the porter.");
  assert.deepEqual(o2?.tags, ["gift"]);
  assert.equal(o2?.priority, 2);
});

await check("catalog.categories: recursive category tree", async () => {
  const tree: CategoryTree = await api.catalog.categories();
  assert.deepEqual(tree, {
    roots: [
      { id: "c1", name: "Books", slug: "books", children: [{ id: "c2", name: "Poetry", slug: "poetry", parentId: "c1" }] },
      { id: "c3", name: "Stationery", slug: "stationery" },
    ],
  });
});

await check("catalog.listProducts: embedded generic Page plus facets; query filters", async () => {
  const all: ProductList = await api.catalog.listProducts();
  assert.deepEqual(all.items?.map((p) => p.id), ["p1", "p2", "p3"]); // p4 is inactive
  assert.equal(all.total, 3);
  assert.equal(all.nextCursor, null);
  assert.deepEqual(all.facets, { "colour=black": 1, "colour=blue": 1, "size=A5": 1 });
  const poetry: ProductList = await api.catalog.listProducts({ query: { category: "c2" } });
  assert.deepEqual(poetry.items?.map((p) => p.id), ["p3"]);
  const soldOut: ProductList = await api.catalog.listProducts({ query: { inStock: false } });
  assert.deepEqual(soldOut.items, []);
});

await check("catalog.getProduct: optional and nullable fields", async () => {
  const pen: Product = await api.catalog.getProduct({ path: { id: "p2" } });
  assert.deepEqual(pen.compareAtPrice, { amount: 5900, currency: "EUR" });
  assert.equal(pen.description, "A **steel** nib.");
  assert.deepEqual(pen.images, []);
  assert.equal(pen.stock, 3);
  const poems: Product = await api.catalog.getProduct({ path: { id: "p3" } });
  assert.equal(poems.images, null);
  assert.equal("compareAtPrice" in poems, false);
  const lamp: Product = await api.catalog.getProduct({ path: { id: "p4" } });
  assert.equal(lamp.active, false);
});

let placed: Order | undefined;
await check("order.placeOrder: POST body, 201, totals computed, stock taken", async () => {
  const body: PlaceOrderRequest = {
    customerId: "u2",
    lines: [
      { productId: "p1", quantity: 2 },
      { productId: "p2", quantity: 1 },
    ],
    shippingAddress: BERLIN,
    notes: "Ring twice.",
  };
  const order: Order = await api.order.placeOrder({ body });
  assert.match(order.id, /^o\d+$/);
  assert.equal(order.status, "pending");
  assert.equal(order.customerId, "u2");
  assert.deepEqual(order.total, { amount: 2 * 1250 + 4900, currency: "EUR" });
  assert.deepEqual(
    order.lines?.map((l) => [l.sku, l.quantity, l.unitPrice.amount]),
    [
      ["p1-STD", 2, 1250],
      ["p2-STD", 1, 4900],
    ],
  );
  assert.equal(order.notes, "Ring twice.");
  const pen: Product = await api.catalog.getProduct({ path: { id: "p2" } });
  assert.equal(pen.stock, 2);
  placed = order;
});

await check("order.getOrder: the placed order", async () => {
  assert.ok(placed !== undefined);
  const order: Order = await api.order.getOrder({ path: { id: placed.id } });
  assert.deepEqual(order, placed);
});

await check("order.payOrder: paid, UpdatedAt set; paying twice is ORDER_NOT_PAYABLE", async () => {
  assert.ok(placed !== undefined);
  const paid: Order = await api.order.payOrder({ path: { id: placed.id }, body: { cardToken: "tok_visa" } });
  assert.equal(paid.status, "paid");
  assert.ok(paid.UpdatedAt !== undefined && !Number.isNaN(Date.parse(paid.UpdatedAt)));
  await expectReason(api.order.payOrder({ path: { id: placed.id }, body: { cardToken: "tok_visa" } }), Reason.OrderNotPayable, {
    detail: `order ${placed.id} is paid, not pending`,
    metadata: { status: "paid" },
  });
});

await check("legacy.getUser (bare): the v0 Result as the server wrote it", async () => {
  const result: Result<User> = await api.legacy.getUser({ path: { id: "u2" } }, { headers: { "X-Request-Id": "e2e-42" } });
  assert.equal(result.data.id, "u2");
  assert.equal(result.data.displayName, "Grace Hopper");
  assert.equal(result.requestId, "e2e-42");
  assert.equal(result.error, undefined);
});

await check("legacy.invoice (bare): JSON invoice with a date-time", async () => {
  const invoice: Invoice = await api.legacy.invoice({ path: { id: "o1" } });
  assert.equal(invoice.number, "INV-2023-o1");
  assert.equal(invoice.issuedAt, "2023-11-20T10:30:00Z");
  assert.deepEqual(
    invoice.lines?.map((l) => [l.description, l.quantity, l.amount.amount]),
    [
      ["p1-STD", 2, 2500],
      ["p2-STD", 1, 4900],
    ],
  );
  assert.deepEqual(invoice.total, { amount: 7400, currency: "EUR" });
});

// --- every error reason -------------------------------------------------------------------------------

await check("USER_NOT_FOUND: a wrapped sentinel (fmt.Errorf %w), the wrapping text not sent", async () => {
  const error = await expectReason(api.user.getUser({ path: { id: "nobody" } }), Reason.UserNotFound, {
    detail: "Not Found",
    metadata: {},
  });
  assert.ok(!error.body.includes("get user"));
});

await check("USER_NOT_FOUND: constructor with metadata (DELETE), wrapped constructor (order history)", async () => {
  await expectReason(api.user.deleteUser({ path: { id: "nobody" }, headers: ADMIN }), Reason.UserNotFound, {
    detail: 'user "nobody" does not exist',
    metadata: { id: "nobody" },
  });
  await expectReason(api.user.orderHistory({ path: { id: "nobody" } }), Reason.UserNotFound, {
    detail: 'user "nobody" does not exist',
  });
  await expectReason(
    api.order.placeOrder({ body: { customerId: "nobody", lines: [{ productId: "p1", quantity: 1 }], shippingAddress: BERLIN } }),
    Reason.UserNotFound,
    { detail: 'customer "nobody" does not exist', metadata: { id: "nobody" } },
  );
});

await check("EMAIL_TAKEN: an existing address, compared without case", async () => {
  await expectReason(api.user.createUser({ body: { email: "ADA@example.com", displayName: "Ada 2" } }), Reason.EmailTaken, {
    detail: "ada@example.com is already registered",
    metadata: { email: "ada@example.com" },
  });
});

await check("FORBIDDEN: DELETE without or with a wrong admin token; nothing deleted", async () => {
  await expectReason(api.user.deleteUser({ path: { id: "u5" } }), Reason.Forbidden, {
    detail: "deleting a user needs the admin token",
  });
  await expectReason(api.user.deleteUser({ path: { id: "u5" }, headers: { "X-Admin-Token": "guess" } }), Reason.Forbidden);
  const ken: User = await api.user.getUser({ path: { id: "u5" } });
  assert.equal(ken.id, "u5");
});

await check("ORDER_NOT_FOUND: GET and pay an unknown order", async () => {
  await expectReason(api.order.getOrder({ path: { id: "o999" } }), Reason.OrderNotFound, {
    detail: 'order "o999" does not exist',
    metadata: { id: "o999" },
  });
  await expectReason(api.order.payOrder({ path: { id: "o999" }, body: { cardToken: "tok_visa" } }), Reason.OrderNotFound);
});

await check("ORDER_NOT_PAYABLE: a seeded order that was paid already", async () => {
  await expectReason(api.order.payOrder({ path: { id: "o2" }, body: { cardToken: "tok_visa" } }), Reason.OrderNotPayable, {
    metadata: { status: "paid" },
  });
});

await check("PRODUCT_NOT_FOUND: sentinel with metadata; inactive product in an order (wrapped)", async () => {
  await expectReason(api.catalog.getProduct({ path: { id: "p999" } }), Reason.ProductNotFound, {
    detail: "Not Found",
    metadata: { id: "p999" },
  });
  const error = await expectReason(
    api.order.placeOrder({ body: { customerId: "u2", lines: [{ productId: "p4", quantity: 1 }], shippingAddress: BERLIN } }),
    Reason.ProductNotFound,
    { detail: 'product "p4" does not exist', metadata: { productId: "p4" } },
  );
  assert.ok(!error.detail?.startsWith("line 1"));
});

await check("OUT_OF_STOCK: more than is left; the order changes nothing", async () => {
  const before: Product = await api.catalog.getProduct({ path: { id: "p1" } });
  const pen: Product = await api.catalog.getProduct({ path: { id: "p2" } });
  await expectReason(
    api.order.placeOrder({
      body: {
        customerId: "u2",
        lines: [
          { productId: "p1", quantity: 1 },
          { productId: "p2", quantity: pen.stock + 1 },
        ],
        shippingAddress: BERLIN,
      },
    }),
    Reason.OutOfStock,
    { detail: `only ${pen.stock} of "Fountain pen" left`, metadata: { productId: "p2", available: String(pen.stock) } },
  );
  const after: Product = await api.catalog.getProduct({ path: { id: "p1" } });
  assert.equal(after.stock, before.stock);
});

await check("INVALID_QUANTITY (422): zero, and a negative quantity on line 2", async () => {
  await expectReason(
    api.order.placeOrder({ body: { customerId: "u2", lines: [{ productId: "p1", quantity: 0 }], shippingAddress: BERLIN } }),
    Reason.InvalidQuantity,
    { detail: "line 1: quantity 0 is less than 1", metadata: { line: "1" } },
  );
  await expectReason(
    api.order.placeOrder({
      body: {
        customerId: "u2",
        lines: [
          { productId: "p1", quantity: 1 },
          { productId: "p1", quantity: -3 },
        ],
        shippingAddress: BERLIN,
      },
    }),
    Reason.InvalidQuantity,
    { metadata: { line: "2" } },
  );
});

await check("PAYMENT_REQUIRED (402): a declined card; the order stays pending, the account is not sent", async () => {
  const order: Order = await api.order.placeOrder({
    body: { customerId: "u4", lines: [{ productId: "p2", quantity: 2 }], shippingAddress: BERLIN },
  });
  const error = await expectReason(
    api.order.payOrder({ path: { id: order.id }, body: { cardToken: "tok_declined" } }),
    Reason.PaymentRequired,
    { detail: "the card was declined", metadata: {} },
  );
  assert.ok(!error.body.includes("acct_"));
  const still: Order = await api.order.getOrder({ path: { id: order.id } });
  assert.equal(still.status, "pending");
  const soldOut: ProductList = await api.catalog.listProducts({ query: { inStock: false } });
  assert.deepEqual(soldOut.items?.map((p) => p.id), ["p2"]); // the last two pens
});

await check("INTERNAL (500): a plain errors.New in the handler; its text never reaches the client", async () => {
  const error = await expectReason(api.order.payOrder({ path: { id: "o4" }, body: { cardToken: "tok_visa" } }), Reason.Internal, {
    detail: "Internal Server Error",
    metadata: {},
  });
  assert.ok(!/merchant|gateway|GBP/.test(error.body), error.body);
});

await check("BAD_REQUEST from the adapter: a query parameter that is not an integer", async () => {
  await expectReason(api.user.listUsers({ query: { limit: 1.5 } }), Reason.BadRequest, {
    detail: 'query parameter "limit": "1.5" is not an integer',
    metadata: { in: "query", name: "limit" },
  });
  await expectReason(api.system.health({ query: { delay: 2 ** 70 } }), Reason.BadRequest, {
    metadata: { in: "query", name: "delay" },
  });
});

await check("BAD_REQUEST from the adapter: a body of the wrong JSON type, a body that is not JSON (415)", async () => {
  // With validate "throw" the client refuses these bodies itself (below); "off" sends them as they are.
  const unchecked = { validate: "off" } as const;
  const malformed = { customerId: "u2", lines: [{ productId: "p1", quantity: 1.5 }], shippingAddress: BERLIN };
  await expectReason(api.order.placeOrder({ body: malformed }, unchecked), Reason.BadRequest, {
    detail: /^request body: "lines\.quantity": a JSON number/,
    metadata: { in: "body" },
  });
  const wrongType = { customerId: 7, lines: [], shippingAddress: BERLIN } as unknown as PlaceOrderRequest;
  await expectReason(api.order.placeOrder({ body: wrongType }, unchecked), Reason.BadRequest, { detail: /customerId/ });
  await expectReason(
    api.user.createUser({ body: { email: "x@example.com", displayName: "X" } }, { headers: { "Content-Type": "text/plain" } }),
    Reason.BadRequest,
    { status: 415, metadata: { in: "body" } },
  );
});

await check('validate "throw": the bodies the decoder would refuse are a RequestValidationError, and never sent', async () => {
  const before = await api.system.health();
  const malformed = { customerId: "u2", lines: [{ productId: "p1", quantity: 1.5 }], shippingAddress: BERLIN };
  const wrongType = { customerId: 7, lines: [], shippingAddress: BERLIN } as unknown as PlaceOrderRequest;
  for (const body of [malformed, wrongType]) {
    const error = await rejection(api.order.placeOrder({ body }));
    assert.ok(error instanceof RequestValidationError, String(error));
    assert.equal(error.body, body);
  }
  assert.equal((await api.system.health()).orders, before.orders);
});

await check("BAD_REQUEST from handlers: limit out of range, bad cursor, bad email, empty order", async () => {
  await expectReason(api.user.listUsers({ query: { limit: 500 } }), Reason.BadRequest, {
    metadata: { in: "query", name: "limit" },
  });
  await expectReason(api.user.listUsers({ query: { cursor: "abc" } }), Reason.BadRequest, {
    metadata: { in: "query", name: "cursor" },
  });
  await expectReason(api.user.createUser({ body: { email: "not-an-email", displayName: "X" } }), Reason.BadRequest, {
    metadata: { in: "body", name: "email" },
  });
  await expectReason(api.order.placeOrder({ body: { customerId: "u2", lines: [], shippingAddress: BERLIN } }), Reason.BadRequest, {
    detail: "an order needs at least one line",
  });
});

// --- bare endpoints' own error bodies ----------------------------------------------------------------

await check("bare error, JSON that is not a problem: ApiError with its status's body typed and parsed, no reason", async () => {
  const error: unknown = await expectBareError(api.legacy.getUser({ path: { id: "nobody" }, headers: { "X-Request-Id": "r-7" } }), 404);
  assert.ok(isApiError(error, api.legacy.getUser), "the 404 body of the v0 endpoint is in the contract");
  const expected = { data: null, error: { code: "not_found", message: "user not found" }, requestId: "r-7" };
  assert.deepEqual(error.body, expected);
  // typed per status: the Result the handler writes with 404
  const code: string | undefined = error.body.error?.code;
  assert.equal(code, "not_found");
  assert.deepEqual(JSON.parse(error.text), expected);
  assert.match(error.message, /^HTTP 404/);
});

await check("bare error, an HTML page: ApiError with status and the page as body, no reason", async () => {
  const error = await expectBareError(api.legacy.invoice({ path: { id: "<o999>" } }), 404);
  assert.match(error.headers?.get("content-type") ?? "", /^text\/html/);
  assert.match(error.body, /^<!DOCTYPE html>/);
  assert.ok(error.body.includes("There is no invoice for order &lt;o999&gt;."));
});

// --- network errors -----------------------------------------------------------------------------------

/** A port on 127.0.0.1 that nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  assert.ok(address !== null && typeof address === "object");
  return address.port;
}

await check("NetworkError: connection refused on a closed port", async () => {
  const port = await closedPort();
  const offline: Client = createClient({ baseUrl: `http://127.0.0.1:${port}` });
  const error = await rejection(offline.system.health());
  assert.ok(error instanceof NetworkError, String(error));
  assert.ok(error instanceof ContractError && !(error instanceof ApiError));
  assert.equal(error.kind, "network");
  assert.ok(error.cause !== undefined);
  assert.equal(error.url, `http://127.0.0.1:${port}/health`);
});

await check("NetworkError: a per-call timeout on a slow endpoint", async () => {
  const started = Date.now();
  const error = await rejection(api.system.health({ query: { delay: 5000 } }, { timeoutMs: 100 }));
  assert.ok(error instanceof NetworkError, String(error));
  assert.equal(error.kind, "timeout");
  assert.ok(Date.now() - started < 3000, "the timeout does not wait for the server");
});

await check("NetworkError: a client-wide timeout, and the caller's abort signal", async () => {
  const impatient: Client = createClient({ baseUrl: BASE, timeoutMs: 100 });
  const timedOut = await rejection(impatient.system.health({ query: { delay: 5000 } }));
  assert.ok(timedOut instanceof NetworkError && timedOut.kind === "timeout");
  const controller = new AbortController();
  setTimeout(() => controller.abort(new Error("user navigated away")), 50);
  const aborted = await rejection(api.system.health({ query: { delay: 5000 } }, { signal: controller.signal }));
  assert.ok(aborted instanceof NetworkError && aborted.kind === "abort");
  const patient: Health = await api.system.health({ query: { delay: 30 } }, { timeoutMs: 5000 });
  assert.equal(patient.status, "ok");
});

// --- responses the server corrupts (shopd -chaos, header X-Chaos: corrupt) ----------------------------

await check("ValidationError: numbers turned into strings in an envelope response", async () => {
  const clean: Product = await api.catalog.getProduct({ path: { id: "p1" } });
  const error = await rejection(api.catalog.getProduct({ path: { id: "p1" } }, { headers: CORRUPT }));
  assert.ok(error instanceof ValidationError, String(error));
  assert.ok(error instanceof ContractError && !(error instanceof ApiError) && !(error instanceof NetworkError));
  assert.equal(error.status, 200);
  const paths = error.issues.map((i) => i.path.join("."));
  for (const path of ["data.stock", "data.price.amount", "data.images.0.width"]) assert.ok(paths.includes(path), paths.join(", "));
  assert.match(error.message, /→ at data\.stock/);
  assert.equal((error.body as { data: { stock: unknown } }).data.stock, String(clean.stock));
});

await check("ValidationError: a corrupted bare response, and a corrupted generic Page<User>", async () => {
  const invoice = await rejection(api.legacy.invoice({ path: { id: "o1" } }, { headers: CORRUPT }));
  assert.ok(invoice instanceof ValidationError, String(invoice));
  assert.ok(invoice.issues.some((i) => i.path.join(".") === "lines.0.quantity"));
  const page = await rejection(api.user.listUsers({ query: { limit: 2 } }, { headers: CORRUPT }));
  assert.ok(page instanceof ValidationError, String(page));
  assert.deepEqual(
    page.issues.map((i) => i.path.join(".")),
    ["data.total"],
  );
});

await check("the corruption leaves errors alone: a problem is still an ApiError", async () => {
  await expectReason(api.catalog.getProduct({ path: { id: "p999" } }, { headers: CORRUPT }), Reason.ProductNotFound);
});

/** Runs `body` with console.warn captured. */
async function capturingWarnings(body: () => Promise<void>): Promise<string[]> {
  const warnings: string[] = [];
  const original = console.warn;
  console.warn = (...args: unknown[]) => {
    warnings.push(args.map(String).join(" "));
  };
  try {
    await body();
  } finally {
    console.warn = original;
  }
  return warnings;
}

await check('validate "warn" (per call): one console.warn, the unchecked value returned', async () => {
  const clean: Product = await api.catalog.getProduct({ path: { id: "p1" } });
  let product: Product | undefined;
  const warnings = await capturingWarnings(async () => {
    product = await api.catalog.getProduct({ path: { id: "p1" } }, { headers: CORRUPT, validate: "warn" });
  });
  assert.equal(warnings.length, 1, warnings.join("\n"));
  assert.match(warnings[0] ?? "", /does not match the contract/);
  assert.match(warnings[0] ?? "", /data\.stock/);
  assert.ok(product !== undefined);
  assert.equal(product.id, "p1");
  assert.equal(product.stock as unknown, String(clean.stock)); // what the server sent, not checked
});

await check('validate "warn" (client option), "throw" per call wins; "off" is silent', async () => {
  const lenient: Client = createClient({ baseUrl: BASE, validate: "warn" });
  let invoice: Invoice | undefined;
  const warnings = await capturingWarnings(async () => {
    invoice = await lenient.legacy.invoice({ path: { id: "o1" } }, { headers: CORRUPT });
    const strict = await rejection(lenient.legacy.invoice({ path: { id: "o1" } }, { headers: CORRUPT, validate: "throw" }));
    assert.ok(strict instanceof ValidationError);
    const off: Invoice = await lenient.legacy.invoice({ path: { id: "o1" } }, { headers: CORRUPT, validate: "off" });
    assert.equal(off.total.amount as unknown, "7400");
    const clean: Invoice = await lenient.legacy.invoice({ path: { id: "o1" } });
    assert.equal(clean.total.amount, 7400);
  });
  assert.equal(warnings.length, 1, warnings.join("\n"));
  assert.equal(invoice?.lines?.[0]?.quantity as unknown, "2");
});

// --- coverage -----------------------------------------------------------------------------------------

await check("every endpoint of the client was called", async () => {
  const all = Object.entries(createClient({ baseUrl: BASE })).flatMap(([group, methods]) =>
    Object.keys(methods as object).map((name) => `${group}.${name}`),
  );
  assert.equal(all.length, 14);
  assert.deepEqual(all.filter((name) => !called.has(name)), []);
});

await check("every reason was triggered (the catalog's and INTERNAL, BAD_REQUEST)", async () => {
  const reasons = Object.values(Reason);
  assert.equal(reasons.length, 11);
  assert.deepEqual(reasons.filter((r) => !triggered.has(r)), []);
});

// --- compile-time checks: never run; each line must be a type error, or tsc fails (TS2578) ------------

export async function typeErrors(): Promise<void> {
  // @ts-expect-error a path parameter is a string
  await api.user.getUser({ path: { id: 1 } });
  // @ts-expect-error the path parameter is required
  await api.user.getUser({});
  // @ts-expect-error tag is repeated: an array
  await api.user.listUsers({ query: { tag: "vip" } });
  // @ts-expect-error role is a member of the Role enum
  await api.user.listUsers({ query: { role: "root" } });
  // @ts-expect-error customerId is a string (a missing key is no error: encoding/json decodes it as the zero value)
  await api.order.placeOrder({ body: { customerId: 1 } });
  // @ts-expect-error a GET has no body
  await api.order.getOrder({ path: { id: "o1" }, body: {} });
  // @ts-expect-error 204: nothing to read
  (await api.user.deleteUser({ path: { id: "u1" } })).id;
  // @ts-expect-error stock is a number
  (await api.catalog.getProduct({ path: { id: "p1" } })).stock.toUpperCase();
  // @ts-expect-error nextCursor may be null
  (await api.user.listUsers()).nextCursor.length;
  // @ts-expect-error the bare v0 endpoint answers the Result, not the user
  const user: User = await api.legacy.getUser({ path: { id: "u1" } });
  void user;
}

// --- summary ------------------------------------------------------------------------------------------

console.log(`${passed} passed, ${failed.length} failed`);
process.exitCode = failed.length === 0 ? 0 : 1;
