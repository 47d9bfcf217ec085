import { defineErrors } from './define.ts';

/** Polls. `(new)` marks codes our fixes need (strict create validation, deadline enforcement). */
export const pollsErrors = defineErrors({
  POLL_QUESTION_REQUIRED: { status: 400, ko: '질문을 입력해주세요.', en: 'Please enter a question.' },
  POLL_QUESTION_TOO_LONG: { status: 400, ko: '질문은 200자 이하여야 합니다.', en: 'The question must be at most 200 characters.' }, // (new)
  POLL_OPTIONS_TOO_FEW: { status: 400, ko: '최소 2개의 옵션이 필요합니다.', en: 'At least 2 options are required.' },
  POLL_OPTIONS_TOO_MANY: { status: 400, ko: '옵션은 최대 10개까지 가능합니다.', en: 'At most 10 options are allowed.' }, // (new)
  POLL_OPTION_TEXT_INVALID: { status: 400, ko: '빈 옵션은 사용할 수 없습니다.', en: 'Each option must be non-empty text.' }, // (new)
  POLL_OPTION_TOO_LONG: { status: 400, ko: '옵션은 100자 이하여야 합니다.', en: 'Each option must be at most 100 characters.' }, // (new)
  POLL_FLAG_NOT_BOOLEAN: { status: 400, ko: 'multiple_choice와 anonymous는 boolean 값이어야 합니다.', en: 'multiple_choice and anonymous must be booleans.' }, // (new)
  POLL_ENDS_AT_INVALID: { status: 400, ko: '올바른 날짜/시간 형식이 아닙니다. (ISO 8601)', en: 'Invalid date/time format (ISO 8601 with a time zone).' },
  POLL_ENDS_AT_PAST: { status: 400, ko: '마감 시간은 현재 시간 이후여야 합니다.', en: 'The deadline must be in the future.' },
  POLL_CREATE_FAILED: { status: 500, ko: '투표 생성에 실패했습니다.', en: 'Failed to create the poll.' },
  POLL_LOOKUP_FAILED: { status: 500, ko: '투표 생성 후 조회에 실패했습니다.', en: 'The poll was created but could not be read back.' },
  POLL_NOT_FOUND: { status: 404, ko: '투표를 찾을 수 없습니다.', en: 'Poll not found.' },
  POLL_OPTION_REQUIRED: { status: 400, ko: '옵션을 선택해주세요.', en: 'Please choose an option.' },
  POLL_OPTION_INVALID: { status: 400, ko: '유효하지 않은 옵션입니다.', en: 'Invalid option.' },
  POLL_SINGLE_CHOICE: { status: 400, ko: '단일 선택 투표입니다.', en: 'This poll allows only one choice.' },
  POLL_CLOSED: { status: 400, ko: '마감된 투표입니다.', en: 'This poll is closed.' },
  /** Past its deadline but not yet closed by maintenance: origin still counted such votes. */
  POLL_EXPIRED: { status: 400, ko: '마감 시간이 지난 투표입니다.', en: 'This poll has passed its deadline.' }, // (new)
  POLL_VOTE_FAILED: { status: 500, ko: '투표 처리에 실패했습니다.', en: 'Failed to record the vote.' }, // (new)
  POLL_ALREADY_CLOSED: { status: 403, ko: '이미 마감된 투표입니다.', en: 'This poll is already closed.' },
  POLL_CLOSE_FORBIDDEN: { status: 403, ko: '투표 생성자 또는 관리자만 마감할 수 있습니다.', en: 'Only the poll creator or an administrator can close it.' },
  POLL_CLOSE_FAILED: { status: 500, ko: '투표 마감에 실패했습니다.', en: 'Failed to close the poll.' },
});
