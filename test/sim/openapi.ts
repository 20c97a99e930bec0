import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { readFileSync } from 'node:fs';

/**
 * Validates bodies against Bungie's official OpenAPI spec (test/fixtures/bungie/openapi.json),
 * stricter than the spec itself: objects may not carry properties the spec does not list.
 *
 * Exactly two deviations of real Bungie from its spec are allowed:
 * - int64 values arrive as strings of digits (the spec says integer);
 * - DestinyColor channels arrive as numbers 0–255 (the spec says base64 `byte` strings).
 * Objects may carry no property the spec does not list, with one exception that is no deviation in
 * type: `dismantlePermission`, which real item components carried in 2021 and the spec has since dropped.
 */
type Schema = Record<string, unknown>;
type Spec = {
  paths: Record<string, Record<string, { responses: Record<string, { $ref: string }> }>>;
  components: {
    schemas: Record<string, Schema>;
    responses: Record<string, { content: { 'application/json': { schema: Schema } } }>;
  };
};

const spec = JSON.parse(
  readFileSync(new URL('../fixtures/bungie/openapi.json', import.meta.url), 'utf8')
) as Spec;

const int64AsString = { type: 'string', pattern: '^-?\\d{1,20}$' };
const colorChannel = { type: 'integer', minimum: 0, maximum: 255 };

function adapt(node: unknown, strict: boolean, name?: string): unknown {
  if (Array.isArray(node)) return node.map((n) => adapt(n, strict));
  if (!node || typeof node !== 'object') return node;
  const schema = node as Schema;
  if (schema.type === 'integer' && schema.format === 'int64') {
    const { format: _format, ...rest } = schema;
    return { anyOf: [rest, int64AsString] };
  }
  const out: Schema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key.startsWith('x-') || key === 'description') continue;
    out[key] =
      key === 'properties' && name === 'Destiny.Misc.DestinyColor'
        ? Object.fromEntries(Object.keys(value as Schema).map((k) => [k, colorChannel]))
        : key === 'properties'
          ? Object.fromEntries(
              Object.entries(value as Schema).map(([k, v]) => [k, adapt(v, strict)])
            )
          : adapt(value, strict);
  }
  if (strict && out.type === 'object' && out.properties && out.additionalProperties === undefined)
    out.additionalProperties = false;
  return out;
}

const range = (min: number, max: number) => ({
  type: 'number' as const,
  validate: (n: number) => Number.isInteger(n) && n >= min && n <= max
});

const retiredProperties: Record<string, Schema> = {
  'Destiny.Entities.Items.DestinyItemComponent': {
    dismantlePermission: { type: 'integer', format: 'int32' }
  }
};
for (const [name, properties] of Object.entries(retiredProperties)) {
  const schema = spec.components.schemas[name] as { properties: Schema };
  schema.properties = { ...schema.properties, ...properties };
}

function createAjv(strict: boolean): Ajv {
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addFormat('int16', range(-32768, 32767));
  ajv.addFormat('int32', range(-2147483648, 2147483647));
  ajv.addFormat('uint32', range(0, 4294967295));
  ajv.addFormat('int64', range(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER));
  ajv.addFormat('byte', {
    type: 'number',
    validate: (n: number) => Number.isInteger(n) && n >= 0 && n <= 255
  });
  ajv.addFormat('float', { type: 'number', validate: () => true });
  ajv.addFormat('double', { type: 'number', validate: () => true });
  ajv.addFormat('date-time', {
    type: 'string',
    validate: (s: string) => !Number.isNaN(Date.parse(s))
  });
  const components = {
    schemas: Object.fromEntries(
      Object.entries(spec.components.schemas).map(([name, schema]) => [
        name,
        adapt(schema, strict, name)
      ])
    ),
    responses: adapt(spec.components.responses, strict)
  };
  ajv.addSchema({ $id: 'bungie', components }, 'bungie');
  return ajv;
}

// API responses are held to the listed properties. Definition tables are Bungie's content files, whose
// entries carry many internal fields the spec never lists, so there the spec's own rule applies.
const strictAjv = createAjv(true);
const specAjv = createAjv(false);

const cache = new Map<string, ValidateFunction>();

/** The validator of an operation's 200 response envelope, e.g. ('/Destiny2/Manifest/', 'get'). */
export function responseValidator(path: string, method: 'get' | 'post'): ValidateFunction {
  const key = `${method} ${path}`;
  let validate = cache.get(key);
  if (!validate) {
    const operation = spec.paths[path]?.[method];
    if (!operation) throw new Error(`The spec has no ${key}`);
    const ref = operation.responses['200']!.$ref.replace('#/components/responses/', '');
    validate = strictAjv.compile({
      $ref: `bungie#/components/responses/${ref.replace(/\//g, '~1')}/content/application~1json/schema`
    });
    cache.set(key, validate);
  }
  return validate;
}

export function schemaValidator(
  name: string,
  options: { strict: boolean } = { strict: true }
): ValidateFunction {
  return (options.strict ? strictAjv : specAjv).compile({
    $ref: `bungie#/components/schemas/${name}`
  });
}

export function describeErrors(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? [])
    .slice(0, 20)
    .map(
      (e) =>
        `${e.instancePath || '/'} ${e.message}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}`
    );
}

export const operationPaths = Object.keys(spec.paths);
