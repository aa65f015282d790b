import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderFrameworkJsonSchema, SCHEMA_FILE } from './frameworks-schema.ts';

describe('the JSON Schema for framework authors', () => {
  it('matches the zod schema (run `npm run frameworks:schema` after changing it)', () => {
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(renderFrameworkJsonSchema());
  });

  it('describes fields so editors can explain them while authors type', () => {
    const schema = JSON.parse(renderFrameworkJsonSchema()) as { properties: Record<string, { description?: string }> };
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining(['id', 'version', 'gradeScale', 'ratingOptions', 'sections', 'limitingRules', 'overall']),
    );
    expect(schema.properties.version?.description).toBe('Required once published.');
  });
});
