import { defineErrors } from './define.ts';

/** Search validation (texts as the origin's, Korean particles included). */
export const searchErrors = defineErrors({
  SEARCH_QUERY_NOT_STRING: { status: 400, ko: 'query는 문자열이어야 합니다.', en: 'query must be a string.' },
  SEARCH_QUERY_TOO_LONG: { status: 400, ko: 'query 길이가 너무 깁니다.', en: 'query is too long (at most 200 characters).' },
  SEARCH_ROOM_ID_NOT_INT: { status: 400, ko: 'room_id는 정수여야 합니다.', en: 'room_id must be an integer.' },
  SEARCH_ROOM_ID_NOT_POSITIVE: { status: 400, ko: 'room_id는 1 이상의 정수여야 합니다.', en: 'room_id must be an integer of at least 1.' },
  SEARCH_SENDER_ID_NOT_INT: { status: 400, ko: 'sender_id는 정수여야 합니다.', en: 'sender_id must be an integer.' },
  SEARCH_SENDER_ID_NOT_POSITIVE: { status: 400, ko: 'sender_id는 1 이상의 정수여야 합니다.', en: 'sender_id must be an integer of at least 1.' },
  SEARCH_DATE_FROM_NOT_STRING: { status: 400, ko: 'date_from는 YYYY-MM-DD 형식 문자열이어야 합니다.', en: 'date_from must be a YYYY-MM-DD string.' },
  SEARCH_DATE_FROM_INVALID: { status: 400, ko: 'date_from 형식이 올바르지 않습니다. YYYY-MM-DD를 사용하세요.', en: 'date_from is not a valid date. Use YYYY-MM-DD.' },
  SEARCH_DATE_TO_NOT_STRING: { status: 400, ko: 'date_to는 YYYY-MM-DD 형식 문자열이어야 합니다.', en: 'date_to must be a YYYY-MM-DD string.' },
  SEARCH_DATE_TO_INVALID: { status: 400, ko: 'date_to 형식이 올바르지 않습니다. YYYY-MM-DD를 사용하세요.', en: 'date_to is not a valid date. Use YYYY-MM-DD.' },
  /** As the later sibling repository fixed it. */
  SEARCH_DATE_RANGE_INVALID: { status: 400, ko: 'date_from은 date_to보다 이후일 수 없습니다.', en: 'date_from cannot be after date_to.' },
  SEARCH_FILE_ONLY_NOT_BOOLEAN: { status: 400, ko: 'file_only는 boolean 값이어야 합니다.', en: 'file_only must be a boolean.' },
  SEARCH_FAILED: { status: 500, ko: '검색에 실패했습니다.', en: 'Search failed.' }, // (new)
  SEARCH_LIMIT_OFFSET_NOT_INT: { status: 400, ko: 'limit/offset은 정수여야 합니다.', en: 'limit and offset must be integers.' },
});
