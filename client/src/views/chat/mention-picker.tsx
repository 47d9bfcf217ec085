import type { RefObject } from 'preact';
import { useRef, useState } from 'preact/hooks';
import type { RoomMember } from '../../../../protocol/rest/members.ts';
import { keptMentions, matchMembers, mentionAt } from '../../chat/mentions.ts';
import { t } from '../../i18n/index.ts';
import type { MentionedName } from '../../stores.ts';
import { Avatar } from '../common/avatar.tsx';
import { useServices } from '../context.ts';

const LIST_ID = 'mention-list';
const optionId = (userId: number) => `mention-option-${userId}`;

export interface MentionPicker {
  /** The listbox, or null while no `@` is being typed. */
  list: preact.JSX.Element | null;
  /** Attributes for the text box (the list it controls, the active option). */
  boxProps: Record<string, string | undefined>;
  /** After input or a caret move: is an `@name` being typed? */
  update(value: string, caret: number): void;
  /** The composer's keys first: true when the picker used the key (arrows, Enter, Tab, Escape). */
  onKey(e: KeyboardEvent): boolean;
  /** The ids of the picked members still named in the text being sent; forgets the picks. For an
   * edit, `earlier` (the names the message mentioned) counts as picked too. */
  take(body: string, earlier?: readonly MentionedName[]): number[];
}

/** `@` autocomplete of the room's members (nickname or username, Korean included): a listbox
 * under the composer, driven from the text box (arrows move, Enter or Tab picks, Escape closes),
 * the active option announced through aria-activedescendant. Picking writes `@nickname `. */
export function useMentionPicker(roomId: number, box: RefObject<HTMLTextAreaElement | null>, setText: (v: string) => void): MentionPicker {
  const { chat, session } = useServices();
  const members = chat.open(roomId).members.value;
  const [at, setAt] = useState<{ start: number; query: string } | null>(null);
  const [active, setActive] = useState(0);
  const picked = useRef(new Map<number, RoomMember>());
  const options = at ? matchMembers(members, at.query, session.user?.id ?? null) : [];
  const open = at !== null && options.length > 0;
  const current = open ? options[Math.min(active, options.length - 1)] : undefined;

  const update = (value: string, caret: number) => {
    const next = mentionAt(value, caret);
    if (next?.start !== at?.start || next?.query !== at?.query) setActive(0);
    setAt(next);
  };

  const pick = (m: RoomMember) => {
    const el = box.current;
    if (!el || !at) return;
    const caret = el.selectionStart ?? el.value.length;
    const insert = `@${m.nickname} `;
    const value = el.value.slice(0, at.start) + insert + el.value.slice(caret);
    picked.current.set(m.id, m);
    setText(value);
    setAt(null);
    const pos = at.start + insert.length;
    requestAnimationFrame(() => {
      el.focus();
      el.setSelectionRange(pos, pos);
    });
  };

  const onKey = (e: KeyboardEvent): boolean => {
    if (!open || e.isComposing) return false;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      setActive((i) => (i + (e.key === 'ArrowDown' ? 1 : options.length - 1)) % options.length);
    } else if ((e.key === 'Enter' || e.key === 'Tab') && !e.shiftKey && current) {
      pick(current);
    } else if (e.key === 'Escape') {
      setAt(null);
    } else return false;
    e.preventDefault();
    e.stopPropagation();
    return true;
  };

  const take = (body: string, earlier: readonly MentionedName[] = []) => {
    const named = new Set(earlier.map((n) => n.name));
    const before = members.filter((m) => named.has(`@${m.nickname}`) || named.has(`@${m.username}`));
    const ids = keptMentions(body, [...picked.current.values(), ...before]);
    picked.current.clear();
    return ids;
  };

  const list = open ? (
    <ul id={LIST_ID} class="mention-list" role="listbox" aria-label={t('mention.list')} data-testid="mention-list">
      {options.map((m) => (
        <li
          key={m.id}
          id={optionId(m.id)}
          role="option"
          aria-selected={m === current}
          class={m === current ? 'mention-option active' : 'mention-option'}
          // mousedown, not click: the text box keeps the focus (and its caret).
          onMouseDown={(e) => {
            e.preventDefault();
            pick(m);
          }}
          data-testid="mention-option"
        >
          <Avatar name={m.nickname} id={m.id} image={m.profile_image} />
          <span class="mention-name">{m.nickname}</span>
          <span class="muted">@{m.username}</span>
        </li>
      ))}
    </ul>
  ) : null;

  return {
    list,
    boxProps: { 'aria-autocomplete': 'list', 'aria-controls': open ? LIST_ID : undefined, 'aria-activedescendant': current ? optionId(current.id) : undefined },
    update,
    onKey,
    take,
  };
}
