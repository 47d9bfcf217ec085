import { defineErrors } from './define.ts';

/** Room notices ("공지"). `(new)` marks codes our fixes need. */
export const pinsErrors = defineErrors({
  PIN_CONTENT_REQUIRED: { status: 400, ko: '고정할 메시지 또는 내용을 입력해주세요.', en: 'Please choose a message or enter text to pin.' },
  PIN_CONTENT_TOO_LONG: { status: 400, ko: '공지 내용은 500자 이하여야 합니다.', en: 'A notice must be at most 500 characters.' }, // (new) origin truncated
  PIN_MESSAGE_ID_INVALID: { status: 400, ko: 'message_id는 정수여야 합니다.', en: 'message_id must be an integer.' },
  /** Origin pinned any message id, leaking other rooms' content. */
  PIN_MESSAGE_NOT_IN_ROOM: { status: 400, ko: '고정할 메시지가 이 대화방에 없습니다.', en: 'The message to pin is not in this room.' }, // (new)
  PIN_NOT_FOUND: { status: 404, ko: '공지를 찾을 수 없습니다.', en: 'Notice not found.' },
  PIN_ROOM_MISMATCH: { status: 403, ko: '요청한 대화방과 공지의 대화방이 일치하지 않습니다.', en: 'The notice belongs to another room.' },
  PIN_CREATE_FAILED: { status: 500, ko: '공지 고정에 실패했습니다.', en: 'Failed to pin the notice.' },
  PIN_DELETE_FAILED: { status: 500, ko: '공지 해제에 실패했습니다.', en: 'Failed to unpin the notice.' },
});
