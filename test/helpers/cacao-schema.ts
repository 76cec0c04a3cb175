// Validates a document against the OASIS CACAO 2.0 JSON schemas kept in the repository
// (a copy in test/fixtures/schemas/cacao-2.0, see SOURCE.md there, so a clean checkout needs nothing
// outside the repository; TSUNAGI_CACAO_SCHEMAS overrides the folder).
// Ajv in draft-07 mode as the issue asks, plus a draft 2019-09 pass that also enforces the schemas'
// `unevaluatedProperties: false`, which draft-07 ignores, so misspelt properties are caught too.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { Ajv2019 } from 'ajv/dist/2019.js';
import draft7MetaSchema from 'ajv/dist/refs/json-schema-draft-07.json' with { type: 'json' };
import { REPO_ROOT } from './bot-process.js';

export const CACAO_SCHEMA_DIR =
  process.env.TSUNAGI_CACAO_SCHEMAS ??
  path.resolve(REPO_ROOT, 'test', 'fixtures', 'schemas', 'cacao-2.0', 'schemas');

const PLAYBOOK_SCHEMA_ID =
  'https://raw.githubusercontent.com/oasis-open/cacao-json-schemas/main/schemas/playbook.json';

function schemaFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const file = path.join(dir, name);
      if (statSync(file).isDirectory()) return schemaFiles(file);
      return name.endsWith('.json') ? [file] : [];
    });
}

let validators: { draft7: ValidateFunction; draft2019: ValidateFunction } | undefined;

function load(): { draft7: ValidateFunction; draft2019: ValidateFunction } {
  if (validators) return validators;
  const schemas = schemaFiles(CACAO_SCHEMA_DIR).map(
    (file) => JSON.parse(readFileSync(file, 'utf8')) as object,
  );
  const draft7 = new Ajv({ allErrors: true, strict: false });
  const draft2019 = new Ajv2019({ allErrors: true, strict: false });
  draft2019.addMetaSchema(draft7MetaSchema);
  for (const schema of schemas) {
    draft7.addSchema(schema);
    draft2019.addSchema(schema);
  }
  validators = {
    draft7: draft7.getSchema(PLAYBOOK_SCHEMA_ID)!,
    draft2019: draft2019.getSchema(PLAYBOOK_SCHEMA_ID)!,
  };
  return validators;
}

const describe = (errors: ErrorObject[] | null | undefined): string[] =>
  (errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? e.keyword} ${JSON.stringify(e.params)}`);

/** Errors of `doc` against the CACAO playbook schema (empty when valid). `strict` adds the 2019-09 pass. */
export function cacaoSchemaErrors(doc: unknown, strict = true): string[] {
  const { draft7, draft2019 } = load();
  const errors = draft7(doc) ? [] : describe(draft7.errors);
  if (strict && !draft2019(doc)) {
    // command-data.json, the base of every command type, itself forbids unevaluated properties, so
    // under 2019-09 rules no command could carry its `command`: that one rule is left to draft-07.
    const quirk = (e: ErrorObject): boolean =>
      e.keyword === 'unevaluatedProperties' && /\/commands\/\d+$/.test(e.instancePath);
    errors.push(...describe(draft2019.errors?.filter((e) => !quirk(e))).map((e) => `(2019-09) ${e}`));
  }
  return errors;
}
