import { defineErrors } from './define.ts';

/** Platform administration: user management and the admin audit log. */
export const adminErrors = defineErrors({
  ADMIN_USER_STATUS_INVALID: { status: 400, ko: 'status는 pending/active/disabled/rejected/all 중 하나여야 합니다.', en: 'status must be pending, active, disabled, rejected or all.' },
  ADMIN_SELF_ACTION: { status: 400, ko: '자기 자신의 계정에는 이 작업을 할 수 없습니다.', en: 'You cannot do this to your own account.' },
  ADMIN_LAST_PLATFORM_ADMIN: { status: 409, ko: '마지막 관리자 계정은 비활성화하거나 거부할 수 없습니다.', en: 'The last platform admin cannot be disabled or rejected.' },
  ADMIN_ACTION_FAILED: { status: 500, ko: '관리 작업에 실패했습니다.', en: 'The admin action failed.' },
});
