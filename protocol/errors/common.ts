import { defineErrors } from './define.ts';

/** Errors any endpoint or socket event can give: framework, request shape, limits. */
export const commonErrors = defineErrors({
  GENERIC_ERROR: { status: 400, ko: '요청을 처리할 수 없습니다.', en: 'Unable to process request.' },
  REQUEST_INVALID: { status: 400, ko: '잘못된 요청입니다.', en: 'Invalid request.' },
  REQUEST_INVALID_FORMAT: { status: 400, ko: '잘못된 요청 형식입니다.', en: 'Invalid request format.' },
  NOT_FOUND: { status: 404, ko: '요청한 경로를 찾을 수 없습니다.', en: 'The requested path was not found.' },
  METHOD_NOT_ALLOWED: { status: 405, ko: '허용되지 않는 요청 방식입니다.', en: 'Method not allowed.' },
  PAYLOAD_TOO_LARGE: { status: 413, ko: '요청 크기가 너무 큽니다.', en: 'Request body is too large.' },
  RATE_LIMITED: { status: 429, ko: '요청이 너무 많습니다. 잠시 후 다시 시도해주세요.', en: 'Too many requests. Please try again later.' },
  CSRF_INVALID: { status: 403, ko: 'CSRF 토큰이 없거나 올바르지 않습니다.', en: 'The CSRF token is missing or invalid.' },
  INTERNAL_ERROR: { status: 500, ko: '서버 내부 오류가 발생했습니다.', en: 'Internal server error.' },
  SERVICE_UNAVAILABLE: { status: 503, ko: '서비스를 일시적으로 사용할 수 없습니다.', en: 'Service temporarily unavailable.' },
  EVENT_NOT_ALLOWED: { status: 403, ko: '클라이언트가 보낼 수 없는 이벤트입니다.', en: 'This event cannot be sent by clients.' },
  I18N_DOMAIN_UNSUPPORTED: { status: 404, ko: '지원하지 않는 i18n 도메인입니다.', en: 'Unsupported i18n domain.' },
});
