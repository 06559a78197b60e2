/**
 * What makes an OpenAPI document incomplete for a generator such as schemathesis (test/integration/schemathesis.int.test.ts),
 * which skips an operation whose `$ref` does not resolve and sends anything at all to a body typed as free-form:
 * - a `$ref` that is not local (`#/…`) or names nothing in the document;
 * - a JSON request body whose schema accepts any value (`{}`) or any object (`type: object` with neither
 *   `properties` nor a schema for `additionalProperties`): routes validate bodies with zod, so the document must
 *   carry that zod schema.
 * Each problem is a line naming where it is (a JSON pointer) and what is wrong; none means the document is complete.
 */
type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function decodePointerToken(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

function resolveRef(doc: Json, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  let node: unknown = doc;
  for (const token of ref.slice(2).split('/').map(decodePointerToken)) {
    if (!isObject(node) || !Object.hasOwn(node, token)) return undefined;
    node = node[token];
  }
  return node;
}

function escape(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

function unresolvedRefs(doc: Json, node: unknown, at: string, out: string[]): void {
  if (Array.isArray(node)) node.forEach((item, i) => unresolvedRefs(doc, item, `${at}/${i}`, out));
  if (!isObject(node)) return;
  if (typeof node.$ref === 'string' && resolveRef(doc, node.$ref) === undefined) out.push(`${at}: $ref ${node.$ref} does not resolve`);
  for (const [key, value] of Object.entries(node)) unresolvedRefs(doc, value, `${at}/${escape(key)}`, out);
}

const SHAPE_KEYWORDS = ['properties', 'anyOf', 'oneOf', 'allOf', 'enum', 'items', 'not'] as const;

/** True when the schema (after following `$ref`s) accepts any value or any object. */
export function isFreeForm(doc: Json, schema: unknown, seen = new Set<string>()): boolean {
  if (!isObject(schema)) return schema === true || schema === undefined;
  if (typeof schema.$ref === 'string') {
    if (seen.has(schema.$ref)) return false;
    return isFreeForm(doc, resolveRef(doc, schema.$ref), new Set([...seen, schema.$ref]));
  }
  if (SHAPE_KEYWORDS.some((k) => schema[k] !== undefined)) return false;
  if (schema.type === undefined) return true;
  if (schema.type !== 'object') return false;
  const extra = schema.additionalProperties;
  return extra === undefined || extra === true || (isObject(extra) && Object.keys(extra).length === 0);
}

/** Every problem of `doc` (an OpenAPI 3 document) listed above; [] when there is none. */
export function openapiProblems(doc: unknown): string[] {
  if (!isObject(doc)) return ['the document is not a JSON object'];
  const problems: string[] = [];
  unresolvedRefs(doc, doc, '#', problems);
  const paths = isObject(doc.paths) ? doc.paths : {};
  for (const [path, item] of Object.entries(paths)) {
    if (!isObject(item)) continue;
    for (const [method, operation] of Object.entries(item)) {
      if (!isObject(operation) || !isObject(operation.requestBody)) continue;
      const content = operation.requestBody.content;
      const media = isObject(content) ? content['application/json'] : undefined;
      if (isObject(media) && isFreeForm(doc, media.schema)) {
        problems.push(`${method.toUpperCase()} ${path}: the JSON request body is free-form (${JSON.stringify(media.schema ?? null)})`);
      }
    }
  }
  return problems;
}
