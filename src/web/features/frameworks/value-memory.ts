// What a council's words meant last time ("LA" is education here), kept on this device so the next
// import starts from the same answers. Only words and their meanings: nothing about any child.
import { z } from 'zod';
import { EMPTY_VALUE_MAPPING, type ValueMapping } from '#shared/domain/framework-import.ts';
import { LeadAgencySchema } from '#shared/schemas/framework.ts';

const KEY = 'ehcp-audit:framework-import-words';

const ValueMappingSchema = z.object({
  leadAgency: z.record(z.string(), LeadAgencySchema),
  statutory: z.record(z.string(), z.boolean()),
});

export function readRememberedWords(): ValueMapping {
  try {
    const parsed = ValueMappingSchema.safeParse(JSON.parse(globalThis.localStorage?.getItem(KEY) ?? 'null'));
    return parsed.success ? parsed.data : EMPTY_VALUE_MAPPING;
  } catch {
    return EMPTY_VALUE_MAPPING;
  }
}

/** Adds this import's answers to what is remembered; a full or blocked storage only loses the memory. */
export function rememberWords(answers: ValueMapping): void {
  const known = readRememberedWords();
  const next: ValueMapping = {
    leadAgency: { ...known.leadAgency, ...answers.leadAgency },
    statutory: { ...known.statutory, ...answers.statutory },
  };
  try {
    globalThis.localStorage?.setItem(KEY, JSON.stringify(next));
  } catch {
    // Private browsing or a full quota: the import still works, the next one just guesses again.
  }
}
