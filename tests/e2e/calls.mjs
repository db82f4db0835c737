// Calls a running service through a generated client, with validate "throw", and reports what each
// call gave: { value } for a success (validated by its schema), or { error, status, typed } where
// `typed` says the error body was parsed with the schema of its status (isApiError).
// usage: node calls.mjs <package dir> <base URL> <calls.json>   calls: [{ group, method, params, options? }]
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const [packageDir, base, callsPath] = process.argv.slice(2);
const api = await import(pathToFileURL(`${packageDir}/dist/index.js`).href);
const client = api.createClient({ baseUrl: base, validate: "throw" });
const results = [];
for (const call of JSON.parse(readFileSync(callsPath, "utf8"))) {
  const method = client[call.group][call.method];
  try {
    results.push({ value: (await method(call.params, call.options)) ?? null });
  } catch (error) {
    results.push({
      error: error?.name ?? String(error),
      status: error?.status ?? null,
      typed: api.isApiError(error, method),
      body: error?.body ?? null,
      message: String(error?.message ?? error),
    });
  }
}
console.log(JSON.stringify(results));
