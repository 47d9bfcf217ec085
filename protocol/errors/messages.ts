import { defineErrors } from './define.ts';

/** Messages, reactions, read receipts and typing. Where the origin answered a precise problem
 * with the generic '잘못된 요청입니다.', our ko text keeps that sentence first (origin clients and
 * tests match on it) and adds the reason. `(new)` marks codes our fixes need. */
export const messagesErrors = defineErrors({
  MESSAGE_SAVE_FAILED: { status: 500, ko: '메시지 저장에 실패했습니다.', en: 'Failed to save the message.' },
  MESSAGE_SEND_FAILED: { status: 500, ko: '메시지 전송에 실패했습니다.', en: 'Failed to send the message.' },
  MESSAGE_EDIT_FAILED: { status: 500, ko: '메시지 수정에 실패했습니다.', en: 'Failed to edit the message.' },
  MESSAGE_DELETE_FAILED: { status: 500, ko: '메시지 삭제에 실패했습니다.', en: 'Failed to delete the message.' },
  MESSAGE_LOAD_FAILED: { status: 500, ko: '메시지 로드 실패', en: 'Failed to load messages.' },
  MESSAGE_NOT_FOUND: { status: 404, ko: '메시지를 찾을 수 없습니다.', en: 'Message not found.' }, // (new)
  MESSAGE_DELETED: { status: 409, ko: '삭제된 메시지는 수정할 수 없습니다.', en: 'A deleted message cannot be edited.' }, // (new)
  MESSAGE_ID_INVALID: { status: 400, ko: '잘못된 요청입니다. 메시지 ID가 올바르지 않습니다.', en: 'Invalid message id.' }, // (new)
  MESSAGE_CONTENT_REQUIRED: { status: 400, ko: '메시지 내용을 입력해주세요.', en: 'Please enter a message.' },
  MESSAGE_CONTENT_TOO_LONG: { status: 400, ko: '잘못된 요청입니다. 메시지가 너무 깁니다.', en: 'The message is too long.' },
  MESSAGE_TYPE_INVALID: { status: 400, ko: '잘못된 요청입니다. 허용되지 않는 메시지 유형입니다.', en: 'This message type is not allowed.' },
  MESSAGE_ENCRYPTED_NOT_BOOLEAN: { status: 400, ko: '잘못된 요청입니다. encrypted는 boolean 값이어야 합니다.', en: 'encrypted must be a boolean.' }, // (new)
  MESSAGE_ENCRYPTION_REQUIRED: { status: 400, ko: '암호화되지 않은 텍스트 메시지는 허용되지 않습니다.', en: 'Unencrypted text messages are not allowed.' },
  MESSAGE_EDIT_FORBIDDEN: { status: 403, ko: '수정 권한이 없습니다.', en: 'You cannot edit this message.' },
  MESSAGE_DELETE_FORBIDDEN: { status: 403, ko: '삭제 권한이 없습니다.', en: 'You cannot delete this message.' },
  /** The sender left the room: their old messages are frozen (origin let them edit/delete). */
  NOT_ROOM_MEMBER: { status: 403, ko: '대화방 멤버가 아니어서 메시지를 변경할 수 없습니다.', en: 'You are no longer a member of this room, so you cannot change this message.' }, // (new)
  MESSAGE_ROOM_MISMATCH: { status: 400, ko: '잘못된 요청입니다. 메시지가 이 대화방에 없습니다.', en: 'The message is not in this room.' },
  REPLY_TO_INVALID: { status: 400, ko: '잘못된 요청입니다. 답장할 메시지가 이 대화방에 없습니다.', en: 'The replied-to message is not in this room.' },
  CLIENT_MSG_ID_INVALID: { status: 400, ko: '잘못된 요청입니다. client_msg_id는 64자 이하의 문자열이어야 합니다.', en: 'client_msg_id must be a string of at most 64 characters.' }, // (new)
  REACTION_EMOJI_INVALID: { status: 400, ko: '유효하지 않은 이모지입니다.', en: 'Invalid emoji.' },
  REACTION_FAILED: { status: 500, ko: '리액션 추가에 실패했습니다.', en: 'Failed to update the reaction.' },
  MENTIONS_INVALID: { status: 400, ko: '잘못된 요청입니다. mentions는 50개 이하의 사용자 ID 목록이어야 합니다.', en: 'mentions must be a list of at most 50 user ids.' }, // (new)
  TYPING_FLAG_NOT_BOOLEAN: { status: 400, ko: '잘못된 요청입니다. is_typing은 boolean 값이어야 합니다.', en: 'is_typing must be a boolean.' }, // (new)
});
