import type { Api } from '../net/api.ts';
import type { Chat } from './store.ts';
import type { RoomCrypto } from './room-crypto.ts';

/** What a user does to a sent message: edit and delete their own, react to any. Each is one REST
 * call; the server tells the whole room (message_edited, message_deleted, reaction_updated), and
 * the answer is applied here too, so the change shows at once even before that event. An edit is
 * sealed like a new message (v2 with the room key, plaintext in a room without one). */
export class MessageActions {
  constructor(private readonly deps: { api: Api; crypto: RoomCrypto; chat: Chat }) {}

  /** `mentions`: the user ids the new text mentions, in clear beside the ciphertext as at a send
   * (they replace the message's). */
  async edit(roomId: number, messageId: number, text: string, mentions: number[] = []): Promise<void> {
    const sealed = await this.deps.crypto.seal(roomId, text);
    const res = await this.deps.api.call('PUT /api/messages/:id', { params: { id: messageId }, body: { ...sealed, mentions } });
    await this.deps.chat.applyEdited({ room_id: res.room_id, message_id: messageId, ...sealed, edited_at: res.edited_at, mentions });
  }

  async remove(messageId: number): Promise<void> {
    const res = await this.deps.api.call('DELETE /api/messages/:id', { params: { id: messageId } });
    this.deps.chat.applyDeleted({ room_id: res.room_id, message_id: messageId });
  }

  /** Toggles my reaction (added when I had none with this emoji, removed otherwise). */
  async react(roomId: number, messageId: number, emoji: string): Promise<void> {
    const res = await this.deps.api.call('POST /api/messages/:id/reactions', { params: { id: messageId }, body: { emoji } });
    this.deps.chat.applyReactions({ room_id: roomId, message_id: messageId, reactions: res.reactions });
  }
}
