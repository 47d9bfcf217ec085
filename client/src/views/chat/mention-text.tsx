import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { splitMentions } from '../../chat/mentions.ts';
import { t } from '../../i18n/index.ts';
import type { MentionedName } from '../../stores.ts';

/** The `@name`s of the message being rendered (none outside a message). */
export const MentionNames = createContext<readonly MentionedName[]>([]);

/** A run of text with its mentions marked; mine stand out. Text nodes only, never markup. */
export function MentionText({ text }: { text: string }) {
  const names = useContext(MentionNames);
  if (names.length === 0) return <>{text}</>;
  return (
    <>
      {splitMentions(text, names).map((part, i) =>
        typeof part === 'string' ? (
          part
        ) : (
          <span key={i} class={part.me ? 'mention mention-me' : 'mention'} data-testid="mention" title={part.me ? t('mention.me') : undefined}>
            {part.name}
          </span>
        ),
      )}
    </>
  );
}
