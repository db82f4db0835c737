// Which declaration each key the frontend writes belongs to, as the frontend's own TypeScript resolves it.
//
// Run by usage.py with node: argv = [the TypeScript API module (typescript/dist/api/sync/api.js),
// the tsconfig to open]; stdin = JSON list of absolute source files. Prints a JSON list of
// [file, line, word, owners] for every identifier (and string-literal key) of those files: owners
// lists "DECLFILE#Parent" for each member the name resolves to (a property of the interface Parent
// declared in DECLFILE; a key of an object literal resolves to its contextual type's property, each
// member of a union), with "" for a symbol that is no member (a local); null when TypeScript cannot
// tell (no symbol: `any`; an object literal nothing types, whose value may still become a contract's).
// Enum members too: `OrderStatus.OrderPaid` (a property of the const object OrderStatus) is owned by
// "DECLFILE#OrderStatus", and a string literal by the named type it is compared with (`===`, a
// `case` of a switch) or given as (its contextual type): [] when that type holds no literal type at
// all (a plain string), null when it does but names none (a union that lost its alias) or is `any`.
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
    if (!property) continue;
    const who = owner(property);
    // A key of Record<E, V> (a map with one entry per member of an enum E): the key is E's value.
    const record = who === "" && member.getAliasSymbol()?.name === "Record" ? member.getAliasTypeArguments()[0] : undefined;
    for (const each of record ? literalOwners(record) ?? [null] : [who]) owners.add(each);
  }
  return owners.has(null) ? null : [...owners].sort();
}

// A string literal's owner: the named type the literal is compared with or given as.
function comparedType(node) {
  const parent = node.parent;
  if (parent && is.isBinaryExpression(parent) && is.isEqualityOperator(parent.operatorToken.kind)) {
    return checker.getTypeAtLocation(parent.left === node ? parent.right : parent.left);
  }
  if (parent && is.isCaseClause(parent) && parent.expression === node) return checker.getTypeAtLocation(parent.parent.parent.expression);
  return checker.getContextualType(node);
}

function literalOwners(type) {
  if (!type) return null;
  const alias = type.getAliasSymbol();
  const decl = alias?.declarations[0];
  if (decl && !files.includes(decl.path)) return [`${decl.path}#${alias.name}`];
  const members = type.isUnionType() ? type.getTypes() : [type];
  const open = (m) => m.isStringLiteralType() || (m.isIntrinsicType() && (m.intrinsicName === "any" || m.intrinsicName === "unknown"));
  return members.some(open) ? null : [];
}

// `E.Key` where Key is a property of an object literal outside the frontend: the const E it is the
// value of (a generated enum object), through imports and namespaces.
function objectOwner(expression) {
  let symbol = checker.getSymbolAtLocation(expression);
  if (!symbol) return null;
  try {
    symbol = checker.getAliasedSymbol(symbol);
  } catch {
    // not an alias: the symbol itself
  }
  const decl = symbol.declarations[0];
  return decl && !files.includes(decl.path) ? `${decl.path}#${symbol.name}` : null;
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
  const accessed = new Map(); // name identifier of `E.Key` -> E
  const visit = (node) => {
    if ((is.isPropertyAssignment(node) || is.isShorthandPropertyAssignment(node)) && is.isObjectLiteralExpression(node.parent)) {
      const key = node.name.text;
      if (key !== undefined) {
        const context = checker.getContextualType(node.parent);
        emit(node.name, key, context ? propertyOwner(context, key) : null);
        keyed.add(node.name);
        if (is.isPropertyAssignment(node) && is.isStringLiteral(node.initializer)) {
          keyed.add(node.initializer);
          emit(node.initializer, node.initializer.text, literalOwners(comparedType(node.initializer)));
        }
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
      keyed.add(node.argumentExpression);
    } else if (is.isStringLiteral(node) && !keyed.has(node)) {
      emit({ end: node.end - 1 }, node.text, literalOwners(comparedType(node)));
    } else if (is.isIdentifier(node) && !keyed.has(node)) {
      identifiers.push([node, node.text]);
      if (node.parent && is.isPropertyAccessExpression(node.parent) && node.parent.name === node) accessed.set(node, node.parent.expression);
    }
    node.forEachChild(visit);
  };
  // A failure leaves the file's remaining names unanswered: usage.py counts a line's occurrences, so a
  // line TypeScript did not answer for in full stays unattributed (the superset), never wrong.
  try {
    source.forEachChild(visit);
    const symbols = identifiers.length ? checker.getSymbolAtLocation(identifiers.map(([node]) => node)) : [];
    identifiers.forEach(([node, word], i) => {
      let who = owner(symbols[i]);
      if (who !== null && who.endsWith("#__object") && accessed.has(node)) who = objectOwner(accessed.get(node));
      emit(node, word, who === null ? null : [who]);
    });
  } catch (error) {
    process.stderr.write(`keysites: ${file}: ${error}\n`);
  }
}
api.close();
process.stdout.write(JSON.stringify(out));
