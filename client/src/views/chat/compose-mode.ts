import { signal } from '@preact/signals';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { ChatItem, ChatStore, MessageActionsStore } from '../../stores.ts';
import { errorText } from '../common/error-text.ts';
import { composerFocus } from './composer-focus.ts';

/** The composer answering or editing one message of a room (one at a time). */
export interface ComposeMode {
  kind: 'reply' | 'edit';
  roomId: number;
  item: ChatItem;
}

export const composeMode = signal<ComposeMode | null>(null);

/** A sent message of mine that is text and not deleted. */
export const canEdit = (item: ChatItem) => item.mine && item.state === 'sent' && item.id !== null && item.type === 'text' && !item.deleted;

export function startCompose(kind: ComposeMode['kind'], item: ChatItem): void {
  composeMode.value = { kind, roomId: item.roomId, item };
  composerFocus.value++;
}

/** The composer's side of reply and edit: Enter sends a reply with `reply_to` or saves the edit,
 * ↑ in an empty box edits my last message, Esc cancels. While editing, the box holds the message
 * text and the draft waits; it comes back when the edit ends. */
export function useComposeMode(deps: { roomId: number; text: string; update(text: string): void; chat: ChatStore; actions: MessageActionsStore }) {
  const { roomId, text, update } = deps;
  const current = composeMode.value;
  const mode = current?.roomId === roomId ? current : null;
  const stash = useRef<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const editing = mode?.kind === 'edit' ? mode.item : null;

  // A layout effect: the banner and the box's text change in the same frame.
  useLayoutEffect(() => {
    setError(null);
    if (editing) {
      stash.current ??= text;
      update(editing.text);
    } else if (stash.current !== null) {
      update(stash.current);
      stash.current = null;
    }
  }, [editing?.key]);
  // Another room opened: its composer starts plain, and this room keeps its draft, not the edit.
  const restore = useRef(update);
  restore.current = update;
  useEffect(
    () => () => {
      if (composeMode.peek()?.roomId === roomId) composeMode.value = null;
      if (stash.current !== null) restore.current(stash.current);
    },
    [],
  );

  const cancel = () => (composeMode.value = null);

  return {
    mode,
    error,
    cancel,
    /** The reply target of the message being sent now (the mode ends with it). */
    takeReplyTo(): number | null {
      if (mode?.kind !== 'reply') return null;
      composeMode.value = null;
      return mode.item.id;
    },
    /** Save the edit; the mode ends once the server took it (an unchanged text just ends it). */
    async saveEdit(body: string, mentions: number[] = []): Promise<void> {
      if (!editing || editing.id === null) return;
      if (body === editing.text) return void cancel();
      try {
        await deps.actions.edit(roomId, editing.id, body, mentions);
        if (composeMode.peek()?.item.key === editing.key) composeMode.value = null;
      } catch (err) {
        setError(errorText(err));
      }
    },
    /** ↑ and Esc; true when the key was taken. */
    onKeyDown(e: KeyboardEvent): boolean {
      if (e.key === 'Escape' && mode) {
        cancel();
        return true;
      }
      if (e.key === 'ArrowUp' && !text && !mode && !e.shiftKey && !e.altKey && !e.ctrlKey && !e.metaKey) {
        const items = deps.chat.open(roomId).items.value;
        const last = [...items].reverse().find(canEdit);
        if (!last) return false;
        startCompose('edit', last);
        return true;
      }
      return false;
    },
  };
}
