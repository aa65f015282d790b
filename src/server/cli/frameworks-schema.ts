// `npm run frameworks:schema`: writes the JSON Schema generated from the zod framework schema into
// audit-frameworks/, so authors' editors validate and complete framework files while they type.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { frameworkJsonSchema } from '#shared/schemas/framework-json-schema.ts';

export const SCHEMA_FILE = join('audit-frameworks', 'framework.schema.json');

export function renderFrameworkJsonSchema(): string {
  return `${JSON.stringify(frameworkJsonSchema(), null, 2)}\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync(SCHEMA_FILE, renderFrameworkJsonSchema());
  process.stdout.write(`Wrote ${SCHEMA_FILE}\n`);
}
