import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../loader/tsconfig.js';

describe('reading tsconfig text as TypeScript does', () => {
  it('drops comments and trailing commas outside strings, and keeps strings as written', () => {
    const text = '\ufeff{\n  // line\n  "a": "http://x/*y*/", /* block, */ "b": [1, 2, ],\n  "c": "quote \\" // still a string,",\n  "d": { "e": true, /* gone */ },\n}\n';
    expect(parseConfig(text)).toEqual({ a: 'http://x/*y*/', b: [1, 2], c: 'quote " // still a string,', d: { e: true } });
  });

  it('keeps a comma that separates two members across a comment', () => {
    expect(parseConfig('{ "a": 1, /* between */ "b": 2 }')).toEqual({ a: 1, b: 2 });
  });

  it('is null for text that is not a config object', () => {
    expect(parseConfig('{ "a": }')).toBeNull();
    expect(parseConfig('[1, 2]')).toBeNull();
    expect(parseConfig('')).toBeNull();
  });
});
