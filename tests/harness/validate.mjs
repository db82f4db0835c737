// Validates JSON samples written by real encoding/json against generated Zod schemas.
// usage: node validate.mjs job.json results.json
// job: { samples: "samples.jsonl", cases: [{ index, type, module, schema, args, negatives: [{ why, value }] }] }
// Samples are parsed here with JSON.parse, exactly as a browser client would read them.
import { readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import * as z from "zod";

const [jobPath, resultPath] = process.argv.slice(2);
const job = JSON.parse(readFileSync(jobPath, "utf8"));
const byType = new Map();
for (const line of readFileSync(job.samples, "utf8").split("\n")) {
  if (!line) continue;
  const sample = JSON.parse(line);
  if (!byType.has(sample.t)) byType.set(sample.t, []);
  byType.get(sample.t).push(sample.v);
}
const argumentSchemas = { string: () => z.string(), int: () => z.int(), number: () => z.number(), byte: () => z.int().min(0).max(255) };
const results = [];
for (const c of job.cases) {
  const module = await import(pathToFileURL(c.module).href);
  let schema = module[c.schema];
  if (c.args.length) schema = schema(...c.args.map((a) => argumentSchemas[a]()));
  if (c.nullable) schema = schema.nullable();
  const positives = byType.get(c.index) ?? [];
  const rejected = [];
  for (const value of positives) {
    const result = schema.safeParse(value);
    if (!result.success) rejected.push({ value, issues: z.prettifyError(result.error) });
  }
  const accepted = c.negatives.filter((n) => schema.safeParse(n.value).success);
  results.push({
    type: c.type,
    positives: positives.length,
    rejected: rejected.slice(0, 3),
    rejectedCount: rejected.length,
    negatives: c.negatives.length,
    accepted: accepted.slice(0, 5),
    acceptedCount: accepted.length,
  });
}
writeFileSync(resultPath, JSON.stringify(results, null, 1));
