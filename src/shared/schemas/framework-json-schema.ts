// The framework schema as JSON Schema, for editors. Cross-reference checks (unique ids, rules naming
// real sections) cannot be expressed there; frameworks:check runs them.
import { z } from 'zod';
import { FrameworkShapeSchema } from './framework.ts';

export function frameworkJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(FrameworkShapeSchema, { target: 'draft-2020-12', unrepresentable: 'any' });
  return {
    ...schema,
    $id: 'https://ehcp-audit.example/framework.schema.json',
    title: 'EHCP audit framework',
    description:
      'An audit framework for EHC plan quality audits. Validate fully with `npm run frameworks:check`, which also checks ids and rule references.',
  };
}
