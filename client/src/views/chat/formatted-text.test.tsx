// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it } from 'vitest';
import type { ClientServices } from '../../stores.ts';
import { useDomRoot } from '../../testing/dom-root.ts';
import { memoryPlatform } from '../../testing/memory-platform.ts';
import { ServicesContext } from '../context.ts';
import { FormattedText } from './formatted-text.tsx';

const root = useDomRoot();
const platform = memoryPlatform('http://127.0.0.1:9');

function show(text: string): HTMLElement {
  act(() => {
    render(
      <ServicesContext.Provider value={{ platform } as unknown as ClientServices}>
        <FormattedText text={text} />
      </ServicesContext.Provider>,
      root(),
    );
  });
  return root().querySelector('.md')!;
}
const tags = (el: Element) => Array.from(el.querySelectorAll('*')).map((e) => e.tagName.toLowerCase());
const hrefs = (el: Element) => Array.from(el.querySelectorAll('a')).map((a) => a.getAttribute('href'));

/** Nothing active in the output: no script or image, no event handler or style attribute, and
 * every link http(s) or mailto. */
function expectInert(el: Element) {
  for (const e of Array.from(el.querySelectorAll('*'))) {
    expect(['p', 'br', 'strong', 'em', 'del', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'a']).toContain(e.tagName.toLowerCase());
    for (const attr of Array.from(e.attributes)) expect(['href', 'target', 'rel', 'start']).toContain(attr.name);
  }
  for (const href of hrefs(el)) expect(href).toMatch(/^(https?:\/\/|mailto:)/);
}

describe('FormattedText: the Markdown subset', () => {
  it('renders bold, italic, strikethrough and inline code as elements', () => {
    const el = show('**bold** *it* _it2_ ~~gone~~ `a < b`');
    expect(el.querySelector('strong')!.textContent).toBe('bold');
    expect(Array.from(el.querySelectorAll('em')).map((e) => e.textContent)).toEqual(['it', 'it2']);
    expect(el.querySelector('del')!.textContent).toBe('gone');
    expect(el.querySelector('code')!.textContent).toBe('a < b');
    expect(el.textContent).toBe('bold it it2 gone a < b');
  });

  it('renders a fenced code block as pre > code with its text as typed (no Markdown inside)', () => {
    const el = show('look:\n```ts\nconst a = **b**;\n  <b>x</b>\n```');
    const pre = el.querySelector('pre')!;
    expect(pre.firstElementChild!.tagName).toBe('CODE');
    expect(pre.textContent).toBe('const a = **b**;\n  <b>x</b>');
    expect(pre.querySelector('strong, b')).toBeNull();
  });

  it('renders block quotes and lists', () => {
    const el = show('> quoted **text**\n\n- one\n- two\n  - nested\n\n3. three\n4. four');
    expect(el.querySelector('blockquote strong')!.textContent).toBe('text');
    expect(Array.from(el.querySelectorAll('ul > li')).map((li) => li.firstChild!.textContent)).toEqual(['one', 'two', 'nested']);
    expect(el.querySelector('ul ul li')!.textContent).toBe('nested');
    const ol = el.querySelector('ol')!;
    expect(ol.getAttribute('start')).toBe('3');
    expect(Array.from(ol.children).map((li) => li.textContent)).toEqual(['three', 'four']);
  });

  it('keeps single newlines as line breaks and blank lines as typed', () => {
    const el = show('line one\nline two\n\n\nafter two blank lines');
    expect(el.querySelectorAll('p')).toHaveLength(2);
    expect(el.querySelector('p')!.innerHTML).toBe('line one<br>line two');
    // One <br> between the paragraphs per extra blank line (two blank lines: the paragraph gap and one).
    expect(tags(el)).toEqual(['p', 'br', 'br', 'br', 'p']);
  });

  it('leaves headings, rules, tables, raw HTML, link definitions and indented code as text', () => {
    const text = '# not a heading\nSub\n---\n| a | b |\n|---|---|\n<b>bold?</b> <i>x</i>\n[ref]: http://example.com\n    four spaces';
    const el = show(text);
    expect(el.querySelector('h1, h2, hr, table, b, i, pre')).toBeNull();
    expect(el.textContent).toContain('# not a heading');
    expect(el.textContent).toContain('---');
    expect(el.textContent).toContain('| a | b |');
    expect(el.textContent).toContain('<b>bold?</b> <i>x</i>');
    expect(el.textContent).toContain('[ref]: http://example.com');
    expectInert(el);
  });

  it('shows an image as at most a link to it, named by its alt text', () => {
    const el = show('![a cat](https://example.com/cat.png) ![x](javascript:alert(1))');
    expect(el.querySelector('img')).toBeNull();
    const a = el.querySelector('a')!;
    expect(a.getAttribute('href')).toBe('https://example.com/cat.png');
    expect(a.textContent).toBe('a cat');
    expect(el.querySelectorAll('a')).toHaveLength(1);
    expect(el.textContent).toContain('![x](javascript:alert(1))');
  });
});

describe('FormattedText: links', () => {
  it('links http, https and mailto, written or bare, with rel and target, opened through the platform', () => {
    const el = show('[docs](https://example.com/a?b=1&c=2) http://example.org/x, www.example.net <https://example.com/auto> [mail](mailto:a@example.com) b@example.com');
    expect(hrefs(el)).toEqual([
      'https://example.com/a?b=1&c=2',
      'http://example.org/x',
      'http://www.example.net/',
      'https://example.com/auto',
      'mailto:a@example.com',
      'mailto:b@example.com',
    ]);
    for (const a of Array.from(el.querySelectorAll('a'))) {
      expect(a.getAttribute('rel')).toBe('noopener noreferrer');
      expect(a.getAttribute('target')).toBe('_blank');
    }
    // The trailing comma of a bare URL is not part of it.
    expect(el.textContent).toContain('http://example.org/x, www');
    platform.opened.length = 0;
    act(() => el.querySelector('a')!.click());
    expect(platform.opened).toEqual(['https://example.com/a?b=1&c=2']);
  });

  it('never makes a link of javascript:, data:, vbscript:, file: or a relative address: they stay text', () => {
    const hostile = [
      '[x](javascript:alert(1))',
      '[x](JavaScript:alert(1))',
      '[x]( javascript:alert(1))',
      '[x](java\tscript:alert(1))',
      '[x](java&#115;cript:alert(1))',
      '[x](&#106;avascript:alert(1))',
      '<javascript:alert(1)>',
      'javascript:alert(1)',
      '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
      '<data:text/html,<script>alert(1)</script>>',
      '[x](vbscript:msgbox(1))',
      '[x](file:///etc/passwd)',
      '[x](/relative/path)',
      '[x](//evil.example/path)',
      '[x][ref]\n\n[ref]: javascript:alert(1)',
    ];
    for (const text of hostile) {
      const el = show(text);
      expect(el.querySelectorAll('a'), text).toHaveLength(0);
      expect(el.textContent!.length, text).toBeGreaterThan(0);
    }
  });

  it('treats raw HTML as text: no element, no handler, the characters shown', () => {
    const el = show('<img src=x onerror=alert(1)> <script>alert(1)</script> <a href="javascript:alert(1)">x</a> <iframe src="https://example.com"></iframe>');
    expect(el.querySelector('img, script, iframe')).toBeNull();
    expect(el.querySelectorAll('a')).toHaveLength(0);
    expect(el.textContent).toBe('<img src=x onerror=alert(1)> <script>alert(1)</script> <a href="javascript:alert(1)">x</a> <iframe src="https://example.com"></iframe>');
    expectInert(el);
  });

  it('shows entities as typed (text nodes, never parsed as HTML)', () => {
    expect(show('a &amp; b &lt;script&gt;').textContent).toBe('a &amp; b &lt;script&gt;');
  });
});

describe('FormattedText: unusual input', () => {
  it('leaves unterminated markup as the characters typed', () => {
    const el = show('**not closed _nor this `nor that [link](http://example.com');
    expect(el.querySelector('strong, em, code')).toBeNull();
    expect(el.textContent).toContain('**not closed _nor this `nor that');
  });

  it('nests inline markup', () => {
    const el = show('**bold _and italic `code`_** ~~*x*~~');
    expect(el.querySelector('strong > em > code')!.textContent).toBe('code');
    expect(el.querySelector('del > em')!.textContent).toBe('x');
  });

  it('shows deep nesting as text beyond a few levels instead of building a deep tree', () => {
    const el = show(`${'> '.repeat(200)}deep`);
    expect(el.textContent).toContain('deep');
    let depth = 0;
    for (let n: Element | null = el.querySelector('blockquote'); n; n = n.querySelector(':scope > blockquote')) depth++;
    expect(depth).toBeGreaterThan(1);
    expect(depth).toBeLessThan(20);
    expectInert(el);
  });

  it('renders a 6,000-character message with all of its text', () => {
    const line = 'Line with **bold**, `code` and https://example.com/x and 한국어 문장입니다.\n';
    const lines = Math.floor(6_000 / line.length);
    const text = line.repeat(lines) + 'x'.repeat(6_000 - lines * line.length);
    expect(text).toHaveLength(6_000);
    const el = show(text);
    expect(el.querySelectorAll('strong').length).toBeGreaterThan(70);
    expect(el.textContent!.replace(/\s/g, '')).toBe(text.replace(/\*\*|`/g, '').replace(/\s/g, ''));
    expectInert(el);
  });

  it('renders a pathological 10,000-character message without throwing', () => {
    for (const text of ['*'.repeat(10_000), '['.repeat(10_000), '_a'.repeat(5_000), '> - '.repeat(2_500), '`'.repeat(10_000), '<'.repeat(10_000)]) {
      const el = show(text);
      expect(el.textContent!.length, text.slice(0, 10)).toBeGreaterThan(0);
      expectInert(el);
    }
  });
});
