// Unknown-field check. The Kubernetes OpenAPI schemas that kubernetes-models compiles have no
// `additionalProperties: false`, so a misspelt field (`publishNotReadyAddress`, `failureTreshold`)
// validates and is then silently dropped by the API server (or rejected only under strict field
// validation). kubernetes-models also ships TypeScript declarations generated from the same
// schemas: one interface per type, one line per field. This reads those declarations and walks each
// manifest against them, the way `kubectl apply --validate=strict` would.
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const modelsRoot = path.dirname(require.resolve("kubernetes-models/package.json"));
const machineryRoot = path.dirname(require.resolve("@kubernetes-models/apimachinery/package.json"));

const cache = new Map();

/** The declaration file of `apiVersion`/`kind` in kubernetes-models. */
export function declarationFile(apiVersion, kind) {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
  const file = path.join(modelsRoot, group, version, `${kind}.d.ts`);
  return fs.existsSync(file) ? file : null;
}

// Parses the first `export interface` of a declaration file into { field: typeText }, plus the
// file's imports (type name -> file). Files without an interface (Quantity, IntOrString, Time...)
// are leaves: null.
function readInterface(file) {
  if (cache.has(file)) return cache.get(file);
  const text = fs.readFileSync(file, "utf8").replace(/\/\*\*[\s\S]*?\*\//g, "");
  const imports = new Map();
  for (const m of text.matchAll(/import \{ (\w+) \} from "([^"]+)";/g)) {
    const [, name, from] = m;
    let target;
    if (from.startsWith(".")) target = path.resolve(path.dirname(file), from.replace(/\.js$/, ".d.ts"));
    else if (from.startsWith("@kubernetes-models/apimachinery/")) target = path.join(machineryRoot, from.slice("@kubernetes-models/apimachinery/".length) + ".d.ts");
    else continue; // @kubernetes-models/base: TypeMeta, Model
    imports.set(name, target);
  }
  const start = text.search(/export interface \w+[^{]*\{/);
  if (start < 0) {
    cache.set(file, null);
    return null;
  }
  // The interface body: up to the brace that closes it.
  let depth = 0, i = text.indexOf("{", start), body = "";
  for (; i < text.length; i++) {
    const ch = text[i];
    if (ch === "{") depth++;
    if (ch === "}") depth--;
    if (depth === 0) break;
    body += ch;
  }
  body = body.slice(1);
  const fields = new Map();
  // Split on ';' at depth 0 (maps span lines: "labels"?: { [key: string]: string; };).
  let current = "", d = 0;
  for (const ch of body) {
    if (ch === "{" || ch === "<") d++;
    if (ch === "}" || ch === ">") d--;
    if (ch === ";" && d === 0) {
      const m = current.trim().match(/^"([^"]+)"\??:\s*([\s\S]+)$/);
      if (m) fields.set(m[1], m[2].trim());
      current = "";
    } else current += ch;
  }
  const parsed = { fields, imports };
  cache.set(file, parsed);
  return parsed;
}

function checkType(value, typeText, imports, where, problems) {
  if (value === null || value === undefined) return;
  let m;
  if ((m = typeText.match(/^Array<([\s\S]+)>$/))) {
    if (Array.isArray(value)) value.forEach((v, i) => checkType(v, m[1].trim(), imports, `${where}[${i}]`, problems));
    return;
  }
  if ((m = typeText.match(/^\{\s*\[key: string\]:\s*([\s\S]+?);?\s*\}$/))) {
    if (typeof value === "object") for (const [k, v] of Object.entries(value)) checkType(v, m[1].trim(), imports, `${where}.${k}`, problems);
    return;
  }
  if (/^I\w+$/.test(typeText) && imports.has(typeText)) {
    checkObject(value, imports.get(typeText), where, problems);
  }
  // Anything else is a leaf: string, number, boolean, literal unions, Quantity, IntOrString.
}

function checkObject(value, file, where, problems) {
  if (typeof value !== "object" || Array.isArray(value)) return; // the schema check reports type errors
  const parsed = readInterface(file);
  if (parsed === null) return;
  for (const [key, v] of Object.entries(value)) {
    const type = parsed.fields.get(key);
    if (type === undefined) {
      problems.push(`${where ? where + "." : ""}${key}: unknown field`);
      continue;
    }
    checkType(v, type, parsed.imports, where ? `${where}.${key}` : key, problems);
  }
}

/** Unknown fields of one manifest, as "path: unknown field" lines. */
export function unknownFields(resource) {
  const file = declarationFile(resource.apiVersion ?? "", resource.kind ?? "");
  if (!file) return [`${resource.apiVersion}/${resource.kind}: no declaration in kubernetes-models`];
  const problems = [];
  checkObject(resource, file, "", problems);
  return problems;
}
