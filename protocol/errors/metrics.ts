import { defineErrors } from './define.ts';

/** GET /metrics (outside /api, but its refusals use the same envelope). */
export const metricsErrors = defineErrors({
  METRICS_TOKEN_REQUIRED: { status: 401, ko: '메트릭 토큰이 없거나 올바르지 않습니다.', en: 'The metrics token is missing or invalid.' },
  METRICS_FORBIDDEN: { status: 403, ko: '이 주소에서는 메트릭을 볼 수 없습니다.', en: 'Metrics are not available from this address.' },
});
