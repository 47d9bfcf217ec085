import { messageReadPayloadSchema, sendMessagePayloadSchema } from '../../protocol/events.ts';
import type { Services } from '../context.ts';
import { ApiError } from '../http/api-error.ts';
import { type IoSocket, handle } from '../realtime/handler.ts';
import { roomRoom } from '../realtime/realtime.ts';

/** send_message and message_read. */
export function registerMessageHandlers(socket: IoSocket, s: Services): void {
  const { userId } = socket.data;

  handle(
    socket,
    s,
    'send_message',
    sendMessagePayloadSchema,
    async (msg) => {
      if (!(await s.membership.isMember(userId, msg.room_id))) throw new ApiError('ROOM_ACCESS_DENIED');
      if (msg.type !== 'text') throw new ApiError('UPLOAD_TOKEN_INVALID'); // uploads arrive with the files feature
      if (msg.reply_to !== null) {
        const rs = await s.db.execute({ sql: 'SELECT 1 FROM messages WHERE id = ? AND room_id = ?', args: [msg.reply_to, msg.room_id] });
        if (rs.rows.length === 0) throw new ApiError('REPLY_TO_INVALID');
      }
      const { view, duplicate } = await s.writer.write({
        roomId: msg.room_id,
        senderId: userId,
        content: msg.content,
        encrypted: msg.encrypted,
        type: 'text',
        clientMsgId: msg.client_msg_id,
        replyTo: msg.reply_to,
      });
      // Committed: broadcast once; a resend of the same client_msg_id is ACKed with the same id only.
      if (!duplicate) s.realtime.io.to(roomRoom(view.room_id)).emit('new_message', view);
      return { message_id: view.id, ...(duplicate ? { duplicate: true } : {}) };
    },
    'MESSAGE_SEND_FAILED',
  );

  handle(socket, s, 'message_read', messageReadPayloadSchema, async ({ room_id, message_id }) => {
    if (!(await s.membership.isMember(userId, room_id))) throw new ApiError('ROOM_ACCESS_DENIED');
    const exists = await s.db.execute({ sql: 'SELECT 1 FROM messages WHERE id = ? AND room_id = ?', args: [message_id, room_id] });
    if (exists.rows.length === 0) throw new ApiError('MESSAGE_ROOM_MISMATCH');
    // Monotonic: the pointer only moves forward, and read_updated goes out only when it moved.
    const rs = await s.db.execute({
      sql: 'UPDATE room_members SET last_read_message_id = ? WHERE room_id = ? AND user_id = ? AND last_read_message_id < ?',
      args: [message_id, room_id, userId, message_id],
    });
    if (rs.rowsAffected > 0) s.realtime.io.to(roomRoom(room_id)).emit('read_updated', { room_id, user_id: userId, message_id });
    return { updated: rs.rowsAffected > 0 };
  });
}
