import type { ComponentChildren } from 'preact';
import { useMemo } from 'preact/hooks';
import { linkTarget } from '../../chat/link-target.ts';
import { type Token, type Tokens, chatTokens } from '../../chat/markdown.ts';
import { ExternalLink } from '../common/external-link.tsx';
import { MentionText } from './mention-text.tsx';

/** Containers nested deeper than this (`> > > …`, lists in lists) show their source as text. */
const MAX_DEPTH = 12;

const isLinkable = (url: string) => linkTarget(url) !== null;

/** A message's text with its Markdown (chat/markdown.ts) as elements. Only known tokens become
 * elements, every string is a text node, and a link whose address is not http(s) or mailto stays
 * the text that was typed. */
export function FormattedText({ text }: { text: string }) {
  const tokens = useMemo(() => chatTokens(text), [text]);
  return <div class="md">{tokens === null ? <MentionText text={text} /> : render(tokens, 0)}</div>;
}

function render(tokens: readonly Token[], depth: number): ComponentChildren[] {
  return tokens.map((t, i) => element(t, i, depth));
}

function element(t: Token, key: number, depth: number): ComponentChildren {
  if (depth > MAX_DEPTH) return t.raw;
  const inner = () => ('tokens' in t && t.tokens ? render(t.tokens, depth + 1) : 'text' in t ? t.text : t.raw);
  switch (t.type) {
    case 'paragraph':
      return <p key={key}>{inner()}</p>;
    case 'text':
      return 'tokens' in t && t.tokens ? inner() : <MentionText key={key} text={t.text} />;
    case 'escape':
      return inner();
    case 'br':
      return <br key={key} />;
    case 'space':
      // Blank lines between blocks, as typed: "\n\n" is one.
      return Array.from({ length: Math.max(0, (t.raw.match(/\n/g)?.length ?? 0) - 1) }, (_, j) => <br key={`${key}.${j}`} />);
    case 'strong':
      return <strong key={key}>{inner()}</strong>;
    case 'em':
      return <em key={key}>{inner()}</em>;
    case 'del':
      return <del key={key}>{inner()}</del>;
    case 'codespan':
      return <code key={key}>{t.text}</code>;
    case 'code':
      return t.text ? (
        <pre key={key}>
          <code>{t.text}</code>
        </pre>
      ) : (
        t.raw
      );
    case 'blockquote':
      return <blockquote key={key}>{inner()}</blockquote>;
    case 'list':
      return list(t as Tokens.List, key, depth);
    case 'checkbox':
      return (t as Tokens.Checkbox).checked ? '[x] ' : '[ ] ';
    case 'link':
    case 'image': {
      // An image is at most a link to it, named by its alt text.
      const link = t as Tokens.Link | Tokens.Image;
      const url = linkTarget(link.href);
      if (url === null) return t.raw;
      const label = t.type === 'image' ? link.text || link.href : inner();
      return (
        <ExternalLink key={key} url={url} allow={isLinkable}>
          {label}
        </ExternalLink>
      );
    }
    default:
      return t.raw;
  }
}

function list(t: Tokens.List, key: number, depth: number) {
  const items = t.items.map((item, i) => <li key={i}>{render(item.tokens, depth + 1)}</li>);
  if (!t.ordered) return <ul key={key}>{items}</ul>;
  return (
    <ol key={key} start={typeof t.start === 'number' && t.start !== 1 ? t.start : undefined}>
      {items}
    </ol>
  );
}
