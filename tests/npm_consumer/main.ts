// A frontend's use of the generated shop package: types, schemas, a subpath module and the client.
import { createClient, MoneySchema, isUserNotFound, type Money } from "@shop/contracts";
import * as models from "@shop/contracts/models";

const price: Money = MoneySchema.parse({ amount: 1250, currency: "EUR", extra: "stripped" });
const status: models.OrderStatus = models.OrderStatusSchema.parse("paid");
const client = createClient({ baseUrl: "http://127.0.0.1:9" });
const rejected = !MoneySchema.safeParse({ amount: 1.5, currency: "EUR" }).success;
console.log(JSON.stringify({ price, status, rejected, client: typeof client, guard: isUserNotFound(new Error("x")) }));
