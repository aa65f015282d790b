// Input PostgreSQL cannot store is refused at the door as a 400, not found later as a database
// error: NUL characters and unpaired UTF-16 surrogates in any string or key, and nesting deeper
// than any request of this API needs.
const MAX_DEPTH = 32;
const NUL = String.fromCharCode(0);
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function hasUnstorableText(text: string): boolean {
  return text.includes(NUL) || LONE_SURROGATE.test(text);
}

/** A reason to refuse the parsed body, or undefined when it is fine. */
export function checkJsonValue(root: unknown): string | undefined {
  const stack: { value: unknown; depth: number }[] = [{ value: root, depth: 0 }];
  while (stack.length > 0) {
    const { value, depth } = stack.pop() ?? { value: null, depth: 0 };
    if (typeof value === 'string') {
      if (hasUnstorableText(value)) return 'text must not contain NUL characters or broken Unicode';
    } else if (typeof value === 'object' && value !== null) {
      if (depth >= MAX_DEPTH) return `the body is nested more than ${MAX_DEPTH} levels deep`;
      for (const [key, child] of Object.entries(value)) {
        if (hasUnstorableText(key)) return 'field names must not contain NUL characters or broken Unicode';
        stack.push({ value: child, depth: depth + 1 });
      }
    }
  }
  return undefined;
}

/** Percent-encoded NUL, or a raw one, anywhere in the address. */
export function hasNulInUrl(url: string): boolean {
  return /%00/i.test(url) || url.includes(NUL);
}
