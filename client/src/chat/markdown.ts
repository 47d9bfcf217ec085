import { Lexer, type Token, Tokenizer } from 'marked';

/** Message text as Markdown tokens (marked's lexer; views turn them into vnodes, never HTML).
 *
 * A chat subset: bold, italic, strikethrough, inline code, fenced code blocks, block quotes, lists,
 * links (and bare URLs, GFM). Raw HTML, headings, rules, tables, link definitions and indented code
 * blocks are switched off at the tokenizer, so their source stays plain text: in a chat, `# 3`,
 * `---`, `<b>` or four leading spaces are what the person typed. A single newline is a line
 * break (`breaks`), as in plain chat. */
class ChatTokenizer extends Tokenizer {
  override code() {
    return undefined;
  }
  override heading() {
    return undefined;
  }
  override lheading() {
    return undefined;
  }
  override hr() {
    return undefined;
  }
  override html() {
    return undefined;
  }
  override tag() {
    return undefined;
  }
  override def() {
    return undefined;
  }
  override table() {
    return undefined;
  }
}

export type { Token, Tokens } from 'marked';

/** The tokens of `text`; null when the lexer gives up (the caller shows the text as it is). */
export function chatTokens(text: string): Token[] | null {
  try {
    return new Lexer({ gfm: true, breaks: true, tokenizer: new ChatTokenizer() }).lex(text);
  } catch {
    return null;
  }
}

/** Previews show a few dozen characters: this much of the source is enough to make them. */
const PREVIEW_SOURCE_CHARS = 1_000;

/** The start of `text` without Markdown markers (`**`, `` ` ``, `> `, `- `, link targets), for the
 * one-line previews (reply quote, room list, notifications), which cut it further. Blocks and line
 * breaks become newlines; the previews fold them into spaces. */
export function plainText(text: string): string {
  const source = text.length > PREVIEW_SOURCE_CHARS ? text.slice(0, PREVIEW_SOURCE_CHARS) : text;
  const tokens = chatTokens(source);
  return tokens === null ? source : plainOf(tokens).replace(/\n{2,}/g, '\n').trim();
}

function plainOf(tokens: readonly Token[]): string {
  let out = '';
  for (const t of tokens) {
    switch (t.type) {
      case 'space':
      case 'br':
        out += '\n';
        break;
      case 'checkbox':
        break;
      case 'list':
        out += (t.items as Token[]).map((item) => plainOf([item]).trim()).join('\n') + '\n';
        break;
      case 'paragraph':
      case 'blockquote':
      case 'code':
        out += ('tokens' in t && t.tokens ? plainOf(t.tokens) : t.text) + '\n';
        break;
      default:
        out += 'tokens' in t && t.tokens ? plainOf(t.tokens) : 'text' in t && typeof t.text === 'string' ? t.text : t.raw;
    }
  }
  return out;
}
