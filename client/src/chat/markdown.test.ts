import { describe, expect, it } from 'vitest';
import { linkTarget } from './link-target.ts';
import { chatTokens, plainText } from './markdown.ts';
import { quote } from './message-text.ts';

describe('plainText (previews)', () => {
  it('drops the markers and keeps the words', () => {
    expect(plainText('**bold** _it_ ~~no~~ `code` [the docs](https://example.com) <https://example.com/a>')).toBe('bold it no code the docs https://example.com/a');
    expect(plainText('> quoted\n- one\n- two\n```\nconst a = 1;\n```')).toBe('quoted\none\ntwo\nconst a = 1;');
  });

  it('keeps what is not Markdown here as typed', () => {
    expect(plainText('# 3 items <b>x</b> a & b')).toBe('# 3 items <b>x</b> a & b');
    expect(plainText('**not closed')).toBe('**not closed');
  });

  it('reads only the start of a long text', () => {
    expect(plainText(`**a** ${'b'.repeat(5_000)}`)).toBe(`a ${'b'.repeat(994)}`);
  });

  it('makes the reply quote plain before cutting it at 60 characters', () => {
    expect(quote('**Deploy** at `10:00`, see [runbook](https://example.com/runbook)')).toBe('Deploy at 10:00, see runbook');
    expect(quote(`**${'a'.repeat(70)}**`)).toBe(`${'a'.repeat(60)}...`);
  });
});

describe('chatTokens', () => {
  it('switches off headings, rules, tables, raw HTML, definitions and indented code', () => {
    const types = chatTokens('# h\n\n---\n\n| a |\n|---|\n\n<div>x</div>\n\n[r]: http://example.com\n\n    code')!.map((t) => t.type);
    expect(types.filter((t) => t !== 'space' && t !== 'paragraph')).toEqual([]);
  });
});

describe('linkTarget', () => {
  it('allows http, https and mailto, normalised by the URL parser', () => {
    expect(linkTarget('https://example.com/a b')).toBe('https://example.com/a%20b');
    expect(linkTarget(' HTTP://Example.com')).toBe('http://example.com/');
    expect(linkTarget('mailto:a@example.com')).toBe('mailto:a@example.com');
  });

  it('refuses every other scheme and relative addresses', () => {
    for (const href of ['javascript:alert(1)', ' JAVASCRIPT:alert(1)', 'java\nscript:alert(1)', '\u0000javascript:alert(1)', 'data:text/html,x', 'vbscript:x', 'file:///etc/passwd', 'ftp://example.com', '/x', '//example.com', 'example.com', ''])
      expect(linkTarget(href), JSON.stringify(href)).toBeNull();
  });
});
