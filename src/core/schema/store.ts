import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type AjvType from 'ajv';
import type { ValidateFunction } from 'ajv';
import { schemaFileName, type SchemaId } from './names';

export type JsonSchema = Record<string, any>;

export interface PropertyInfo {
  default: string;
  description: string;
  values?: string[];
}

/** Finds the extension's `schemas/` folder from a module's folder (dist/, out/src/core/schema/, src/...). */
export function findSchemasDir(from: string = __dirname): string {
  let dir = from;
  for (let i = 0; i < 8; i++) {
    const candidate = join(dir, 'schemas');
    if (existsSync(join(candidate, 'alluxio-2.9.schema.json'))) return candidate;
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  throw new Error(`Alluxio DL: the schemas folder was not found above ${from}; reinstall the extension.`);
}

/**
 * Loads schemas and property tables from the schemas folder on first use and compiles each schema
 * once. One instance per extension (or CLI run): nothing happens at import time.
 */
export class SchemaStore {
  private readonly schemas = new Map<SchemaId, JsonSchema>();
  private readonly validators = new Map<SchemaId, ValidateFunction>();
  private readonly tables = new Map<string, Record<string, PropertyInfo>>();
  private ajv: AjvType | undefined;

  constructor(readonly dir: string = findSchemasDir()) {}

  schema(id: SchemaId): JsonSchema {
    let s = this.schemas.get(id);
    if (!s) {
      s = JSON.parse(readFileSync(join(this.dir, schemaFileName(id)), 'utf8')) as JsonSchema;
      this.schemas.set(id, s);
    }
    return s;
  }

  validator(id: SchemaId): ValidateFunction {
    let v = this.validators.get(id);
    if (!v) {
      // Loaded on first validation, not at import: activation stays cheap.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const Ajv = (require('ajv') as { default: typeof AjvType }).default;
      this.ajv ??= new Ajv({
        allErrors: true,
        strict: false,
        verbose: true,
        allowUnionTypes: true,
        validateSchema: false,
      });
      const schema = { ...this.schema(id) };
      delete schema.$schema;
      v = this.ajv.compile(schema);
      this.validators.set(id, v);
    }
    return v;
  }

  properties(version: '2.2' | '2.9'): Record<string, PropertyInfo> {
    let t = this.tables.get(version);
    if (!t) {
      const raw = JSON.parse(readFileSync(join(this.dir, `alluxio-properties-${version}.json`), 'utf8')) as {
        properties: Record<string, PropertyInfo>;
      };
      t = raw.properties;
      this.tables.set(version, t);
    }
    return t;
  }
}
