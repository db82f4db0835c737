// Which declaration each key the frontend writes belongs to, as the frontend's own TypeScript resolves it.
//
// Run by usage.py with node: argv = [the TypeScript API module (typescript/dist/api/sync/api.js),
// the tsconfig to open]; stdin = JSON list of absolute source files. Prints a JSON list of
// [file, line, word, owners] for every identifier (and string-literal key) of those files: owners
// lists "DECLFILE#Parent" for each member the name resolves to (a property of the interface Parent
// declared in DECLFILE; a key of an object literal resolves to its contextual type's property, each
// member of a union), with "" for a symbol that is no member (a local); null when TypeScript cannot
// tell (no symbol: `any`; an object literal nothing types, whose value may still become a contract's).
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const [apiModule, tsconfig] = process.argv.slice(2);
const { API } = await import(apiModule);
const is = await import(new URL("../../ast/is.js", pathToFileURL(apiModule)).href);
const files = JSON.parse(readFileSync(0, "utf8"));

const api = new API({ cwd: process.cwd() });
const project = api.updateSnapshot({ openProjects: [tsconfig] }).getProjects()[0];
const checker = project.checker;
const out = [];

function owner(symbol) {
  if (!symbol) return null;
  const decl = symbol.declarations[0];
  const parent = symbol.getParent();
  if (!decl || !parent) return "";
  // A property of an object literal nothing types: the value may still become a contract type's.
  if (parent.name === "__object" && files.includes(decl.path)) return null;
  return `${decl.path}#${parent.name}`;
}

// A key of an object literal or binding pattern: the property of TYPE (each member of a union) it names.
function propertyOwner(type, key) {
  if (!type) return null;
  const members = type.isUnionType() ? type.getTypes() : [type];
  const owners = new Set();
  for (const member of members) {
    const property = checker.getPropertyOfType(member, key);
    if (property) owners.add(owner(property));
  }
  return owners.has(null) ? null : [...owners].sort();
}

function lineOf(lines, offset) {
  let lo = 0, hi = lines.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lines[mid] <= offset) lo = mid; else hi = mid - 1;
  }
  return lo + 1;
}

for (const file of files) {
  const source = project.program.getSourceFile(file);
  if (!source) continue;
  const text = source.text;
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === "\n") starts.push(i + 1);
  const identifiers = []; // [node, word] resolved by their own symbol, in one batch
  const emit = (node, word, who) => out.push([file, lineOf(starts, node.end - word.length), word, who]);
  const keyed = new Set(); // identifier nodes answered as keys (not by their own symbol)
  const visit = (node) => {
    if ((is.isPropertyAssignment(node) || is.isShorthandPropertyAssignment(node)) && is.isObjectLiteralExpression(node.parent)) {
      const key = node.name.text;
      if (key !== undefined) {
        const context = checker.getContextualType(node.parent);
        emit(node.name, key, context ? propertyOwner(context, key) : null);
        keyed.add(node.name);
      }
    } else if (is.isBindingElement(node) && is.isObjectBindingPattern(node.parent)) {
      const name = node.propertyName ?? node.name;
      if (name.text !== undefined) {
        emit(name, name.text, propertyOwner(checker.getTypeAtLocation(node.parent), name.text));
        keyed.add(name);
        if (node.propertyName && is.isIdentifier(node.name)) identifiers.push([node.name, node.name.text]);
        keyed.add(node.name);
      }
    } else if (is.isElementAccessExpression(node) && is.isStringLiteral(node.argumentExpression)) {
      const key = node.argumentExpression.text;
      const end = node.argumentExpression.end - 1; // the closing quote
      out.push([file, lineOf(starts, end - key.length), key, propertyOwner(checker.getTypeAtLocation(node.expression), key)]);
    } else if (is.isIdentifier(node) && !keyed.has(node)) {
      identifiers.push([node, node.text]);
    }
    node.forEachChild(visit);
  };
  // A failure leaves the file's remaining names unanswered: usage.py counts a line's occurrences, so a
  // line TypeScript did not answer for in full stays unattributed (the superset), never wrong.
  try {
    source.forEachChild(visit);
    const symbols = identifiers.length ? checker.getSymbolAtLocation(identifiers.map(([node]) => node)) : [];
    identifiers.forEach(([node, word], i) => {
      const who = owner(symbols[i]);
      emit(node, word, who === null ? null : [who]);
    });
  } catch (error) {
    process.stderr.write(`keysites: ${file}: ${error}\n`);
  }
}
api.close();
process.stdout.write(JSON.stringify(out));
