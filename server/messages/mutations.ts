import type { MessageDeletedEvent, MessageEditedEvent, ReactionUpdatedEvent } from '../../protocol/events/server.ts';
import type { Services } from '../context.ts';
import { nowIso } from '../db/time.ts';
import { ApiError } from '../http/api-error.ts';
import { roomRoom } from '../realtime/realtime.ts';
import { type MessageFacts, messageFacts } from './queries.ts';
import { reactionsOf } from './views.ts';

/** Edit, delete and reaction toggle, shared by REST and socket so both paths check, write and
 * emit the same way. Each checks first (for a precise error), then writes with the same
 * conditions in the WHERE clause, so a leave or delete landing in between cannot slip through;
 * if the guarded write matched nothing, the check is re-run to name what changed. */

export const DELETED_CONTENT = '[삭제된 메시지]';

/** The sender may change the message only while still a member of its room (origin: forever). */
const SENDER_MEMBER_GUARD = `sender_id = ? AND EXISTS (SELECT 1 FROM room_members rm WHERE rm.room_id = messages.room_id AND rm.user_id = ?)`;

async function facts(s: Services, userId: number, messageId: number): Promise<MessageFacts> {
  const f = await messageFacts(s.db, messageId, userId);
  if (!f) throw new ApiError('MESSAGE_NOT_FOUND');
  return f;
}

function checkEdit(f: MessageFacts, userId: number): void {
  if (f.senderId !== userId) throw new ApiError('MESSAGE_EDIT_FORBIDDEN');
  if (!f.callerIsMember) throw new ApiError('NOT_ROOM_MEMBER');
  if (f.deleted) throw new ApiError('MESSAGE_DELETED');
  // File names and server notices are not free text: only text messages are edited.
  if (f.messageType !== 'text') throw new ApiError('MESSAGE_TYPE_INVALID');
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

/** Sets content, the `encrypted` flag (already resolved by the protocol rule) and edited_at. */
export async function editMessage(
  s: Services,
  userId: number,
  messageId: number,
  edit: { content: string; encrypted: boolean },
): Promise<MessageEditedEvent> {
  const f = await facts(s, userId, messageId);
  checkEdit(f, userId);
  const editedAt = nowIso();
  const [rs] = await s.db.batch(
    [
      {
        sql: `UPDATE messages SET content = ?, encrypted = ?, edited_at = ?
              WHERE id = ? AND deleted_at IS NULL AND message_type = 'text' AND ${SENDER_MEMBER_GUARD}`,
        args: [edit.content, edit.encrypted ? 1 : 0, editedAt, messageId, userId, userId],
      },
    ],
    'write',
  );
  if (rs!.rowsAffected === 0) {
    checkEdit(await facts(s, userId, messageId), userId);
    throw new ApiError('MESSAGE_EDIT_FAILED');
  }
  const event: MessageEditedEvent = { room_id: f.roomId, message_id: messageId, content: edit.content, encrypted: edit.encrypted, edited_at: editedAt };
  s.realtime.io.to(roomRoom(f.roomId)).emit('message_edited', event);
  return event;
}

/** Soft delete (origin): placeholder content, encrypted 0, file fields cleared, message_type kept.
 * Idempotent: deleting an already deleted message succeeds again without a second event, so a
 * client retrying after a lost answer is not shown an error. */
export async function deleteMessage(s: Services, userId: number, messageId: number): Promise<MessageDeletedEvent> {
  const f = await facts(s, userId, messageId);
  checkDelete(f, userId);
  const event: MessageDeletedEvent = { room_id: f.roomId, message_id: messageId };
  if (f.deleted) return event;
  const [rs] = await s.db.batch(
    [
      {
        sql: `UPDATE messages SET content = ?, encrypted = 0, file_path = NULL, file_name = NULL, deleted_at = ?
              WHERE id = ? AND deleted_at IS NULL AND ${SENDER_MEMBER_GUARD}`,
        args: [DELETED_CONTENT, nowIso(), messageId, userId, userId],
      },
      // Only the row goes here; removing the file on disk comes with the files feature.
      {
        sql: 'DELETE FROM room_files WHERE message_id = ? AND EXISTS (SELECT 1 FROM messages WHERE id = ? AND deleted_at IS NOT NULL)',
        args: [messageId, messageId],
      },
    ],
    'write',
  );
  if (rs!.rowsAffected === 0) {
    const again = await facts(s, userId, messageId);
    checkDelete(again, userId);
    if (again.deleted) return event; // deleted by a concurrent call, which emitted the event
    throw new ApiError('MESSAGE_DELETE_FAILED');
  }
  s.realtime.io.to(roomRoom(f.roomId)).emit('message_deleted', event);
  return event;
}

/** Any member may react. Toggle in one transaction: remove the caller's reaction with this emoji;
 * if there was none, add it (`changes()` is the DELETE's count). */
export async function toggleReaction(
  s: Services,
  userId: number,
  messageId: number,
  emoji: string,
): Promise<{ action: 'added' | 'removed'; event: ReactionUpdatedEvent }> {
  const f = await facts(s, userId, messageId);
  checkReact(f);
  const mayReact = `EXISTS (SELECT 1 FROM messages m JOIN room_members rm ON rm.room_id = m.room_id
                            WHERE m.id = ? AND rm.user_id = ? AND m.deleted_at IS NULL)`;
  const [removed, added] = await s.db.batch(
    [
      {
        sql: `DELETE FROM message_reactions WHERE message_id = ? AND user_id = ? AND emoji = ? AND ${mayReact}`,
        args: [messageId, userId, emoji, messageId, userId],
      },
      {
        sql: `INSERT INTO message_reactions (message_id, user_id, emoji) SELECT ?, ?, ? WHERE changes() = 0 AND ${mayReact}`,
        args: [messageId, userId, emoji, messageId, userId],
      },
    ],
    'write',
  );
  let action: 'added' | 'removed';
  if (removed!.rowsAffected > 0) action = 'removed';
  else if (added!.rowsAffected > 0) action = 'added';
  else {
    checkReact(await facts(s, userId, messageId));
    throw new ApiError('REACTION_FAILED');
  }
  const reactions = (await reactionsOf(s.db, [messageId])).get(messageId) ?? [];
  const event: ReactionUpdatedEvent = { room_id: f.roomId, message_id: messageId, reactions };
  s.realtime.io.to(roomRoom(f.roomId)).emit('reaction_updated', event);
  return { action, event };
}
