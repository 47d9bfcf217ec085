import { defineErrors } from './define.ts';

/** Room key versions (new: the origin had one key per room, never rotated). */
export const roomKeysErrors = defineErrors({
  /** The room key was rotated (a member left or was removed) after the client sealed this text:
   * the client fetches the room's keys, seals the text again with the current key and resends it
   * (same client_msg_id). The message was not stored. */
  ROOM_KEY_STALE: {
    status: 409,
    ko: '대화방 암호화 키가 바뀌었습니다. 새 키로 다시 보내주세요.',
    en: 'The room key has changed: seal the message with the current key and send it again.',
  },
  ROOM_KEY_VERSION_INVALID: { status: 400, ko: '잘못된 요청입니다. key_version은 양의 정수여야 합니다.', en: 'key_version must be a positive integer.' },
});
