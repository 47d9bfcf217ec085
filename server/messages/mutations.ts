import type { MessageDeletedEvent, MessageEditedEvent, ReactionUpdatedEvent } from '../../protocol/events/server.ts';
import { nowIso } from '../db/time.ts';
import { ApiError } from '../http/api-error.ts';
import type { Broadcast } from '../realtime/broadcast.ts';
import type { MessageFacts, MessageRepo } from './repo.ts';

/** Edit, delete and reaction toggle, shared by REST and socket so both paths check, write and
 * emit the same way. Each checks first (for a precise error), then writes with the same
 * conditions in the WHERE clause; if the guarded write matched nothing, the check is re-run to
 * name what changed. */

function checkEdit(f: MessageFacts, userId: number, edit: EditInput): void {
  if (f.senderId !== userId) throw new ApiError('MESSAGE_EDIT_FORBIDDEN');
  if (!f.callerIsMember) throw new ApiError('NOT_ROOM_MEMBER');
  if (f.deleted) throw new ApiError('MESSAGE_DELETED');
  // File names and server notices are not free text: only text messages are edited.
  if (f.messageType !== 'text') throw new ApiError('MESSAGE_TYPE_INVALID');
  // Sealed before a rotation: the client seals again with the current key.
  if (edit.encrypted && edit.keyVersion !== f.roomKeyVersion) throw new ApiError('ROOM_KEY_STALE');
}

/** An edit as both paths give it; `keyVersion` is the version encrypted content is sealed with. */
export interface EditInput {
  content: string;
  encrypted: boolean;
  keyVersion: number;
  /** Replace the message's mentions (absent: keep them). */
  mentions?: number[];
}

function checkDelete(f: MessageFacts, userId: number): void {
  if (f.senderId !== userId) throw new ApiError('MESSAGE_DELETE_FORBIDDEN');
  if (!f.callerIsMember) throw new ApiError('NOT_ROOM_MEMBER');
}

function checkReact(f: MessageFacts): void {
  if (!f.callerIsMember) throw new ApiError('ROOM_ACCESS_DENIED');
  // A deleted message is frozen: its reactions can be neither added nor removed.
  if (f.deleted) throw new ApiError('MESSAGE_DELETED');
}

export interface MessageMutations {
  edit(userId: number, messageId: number, edit: EditInput): Promise<MessageEditedEvent>;
  /** Idempotent: deleting an already deleted message succeeds again without a second event, so a
   * client retrying after a lost answer is not shown an error. */
  delete(userId: number, messageId: number): Promise<MessageDeletedEvent>;
  /** Any member may react. */
  toggleReaction(userId: number, messageId: number, emoji: string): Promise<{ action: 'added' | 'removed'; event: ReactionUpdatedEvent }>;
}

export function messageMutations(deps: {
  messages: MessageRepo;
  broadcast: Broadcast;
  /** Remove a deleted file message's stored files (the files feature's storage). */
  removeFiles?: (stored: string[]) => Promise<void>;
}): MessageMutations {
  const { messages, broadcast } = deps;
  const facts = async (userId: number, messageId: number) => {
    const f = await messages.facts(messageId, userId);
    if (!f) throw new ApiError('MESSAGE_NOT_FOUND');
    return f;
  };
  return {
    async edit(userId, messageId, edit) {
      const f = await facts(userId, messageId);
      checkEdit(f, userId, edit);
      const editedAt = nowIso();
      const stored = await messages.edit(messageId, userId, { ...edit, editedAt });
      if (!stored) {
        checkEdit(await facts(userId, messageId), userId, edit);
        throw new ApiError('MESSAGE_EDIT_FAILED');
      }
      const keyVersion = edit.encrypted ? edit.keyVersion : f.roomKeyVersion;
      const event: MessageEditedEvent = { room_id: f.roomId, message_id: messageId, content: edit.content, encrypted: edit.encrypted, edited_at: editedAt, key_version: keyVersion };
      if (edit.mentions !== undefined) event.mentions = stored.mentions;
      broadcast.emit({ rooms: [f.roomId] }, 'message_edited', event);
      return event;
    },

    async delete(userId, messageId) {
      const f = await facts(userId, messageId);
      checkDelete(f, userId);
      const event: MessageDeletedEvent = { room_id: f.roomId, message_id: messageId };
      if (f.deleted) return event;
      const deleted = await messages.softDelete(messageId, userId);
      if (!deleted) {
        const again = await facts(userId, messageId);
        checkDelete(again, userId);
        if (again.deleted) return event; // deleted by a concurrent call, which emitted the event
        throw new ApiError('MESSAGE_DELETE_FAILED');
      }
      if (deleted.files.length > 0) await deps.removeFiles?.(deleted.files);
      broadcast.emit({ rooms: [f.roomId] }, 'message_deleted', event);
      return event;
    },

    async toggleReaction(userId, messageId, emoji) {
      const f = await facts(userId, messageId);
      checkReact(f);
      const action = await messages.toggleReaction(messageId, userId, emoji);
      if (!action) {
        checkReact(await facts(userId, messageId));
        throw new ApiError('REACTION_FAILED');
      }
      const event: ReactionUpdatedEvent = { room_id: f.roomId, message_id: messageId, reactions: await messages.reactions(messageId) };
      broadcast.emit({ rooms: [f.roomId] }, 'reaction_updated', event);
      return { action, event };
    },
  };
}
