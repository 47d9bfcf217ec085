import { defineErrors } from './define.ts';

/** Rooms: membership, create/invite/leave/kick, rename, per-user settings and room admins.
 * Texts are the origin's where it had one; `(new)` marks codes our fixes need. */
export const roomsErrors = defineErrors({
  ROOM_ACCESS_DENIED: { status: 403, ko: '대화방 접근 권한이 없습니다.', en: 'You do not have access to this room.' },
  /** The origin's wording for pins, polls, files, admins and /uploads. */
  ACCESS_DENIED: { status: 403, ko: '접근 권한이 없습니다.', en: 'Access denied.' },
  ROOM_NOT_FOUND: { status: 404, ko: '대화방을 찾을 수 없습니다.', en: 'Room not found.' },
  ROOM_ADMIN_REQUIRED: { status: 403, ko: '관리자 권한이 필요합니다.', en: 'Room administrator privileges are required.' },
  ROOM_ID_INVALID: { status: 400, ko: '잘못된 대화방 ID입니다.', en: 'Invalid room id.' },

  // ---- create
  ROOM_MEMBERS_NOT_LIST: { status: 400, ko: 'members 또는 member_ids는 배열이어야 합니다.', en: 'members or member_ids must be an array.' },
  ROOM_MEMBER_ID_NOT_INT: { status: 400, ko: '멤버 ID는 정수여야 합니다.', en: 'Member ids must be integers.' },
  ROOM_MEMBERS_TOO_MANY: { status: 400, ko: '한 번에 지정할 수 있는 멤버는 최대 1000명입니다.', en: 'At most 1000 members can be given at once.' }, // (new)
  ROOM_CREATE_FAILED: { status: 500, ko: '대화방 생성에 실패했습니다.', en: 'Failed to create the room.' },

  // ---- invite
  ROOM_INVITE_USER_REQUIRED: { status: 400, ko: '초대할 사용자를 선택해주세요.', en: 'Please choose users to invite.' }, // (new)
  ROOM_INVITE_USER_IDS_INVALID: { status: 400, ko: '초대할 사용자 ID는 정수 배열이어야 합니다.', en: 'user_ids must be an array of integers.' }, // (new)
  ROOM_MEMBER_ALREADY_JOINED: { status: 400, ko: '이미 참여중인 사용자입니다.', en: 'The users are already members of this room.' },
  DIRECT_ROOM_INVITE_DENIED: { status: 400, ko: '1:1 대화방에는 멤버를 초대할 수 없습니다.', en: 'You cannot invite members into a direct conversation.' }, // (new)

  // ---- leave and kick
  ROOM_LEAVE_FAILED: { status: 400, ko: '대화방 나가기에 실패했습니다.', en: 'Failed to leave the room.' },
  ROOM_KICK_ADMIN_ONLY: { status: 403, ko: '관리자만 멤버를 퇴장시킬 수 있습니다.', en: 'Only administrators can remove members.' },
  ROOM_KICK_SELF: { status: 400, ko: '자신을 퇴장시킬 수 없습니다.', en: 'You cannot remove yourself.' },
  ROOM_KICK_ADMIN_TARGET: { status: 403, ko: '관리자는 강퇴할 수 없습니다.', en: 'Administrators cannot be removed.' },
  ROOM_TARGET_NOT_MEMBER: { status: 400, ko: '해당 사용자는 대화방 멤버가 아닙니다.', en: 'That user is not a member of this room.' },
  ROOM_KICK_FAILED: { status: 400, ko: '강퇴 처리에 실패했습니다.', en: 'Failed to remove the member.' },

  // ---- rename (origin truncated silently at 50; we refuse)
  ROOM_RENAME_ADMIN_ONLY: { status: 403, ko: '관리자만 대화방 이름을 변경할 수 있습니다.', en: 'Only administrators can rename the room.' },
  ROOM_NAME_REQUIRED: { status: 400, ko: '대화방 이름을 입력해주세요.', en: 'Please enter a room name.' },
  ROOM_NAME_TOO_LONG: { status: 400, ko: '대화방 이름은 50자 이하여야 합니다.', en: 'Room name must be at most 50 characters.' }, // (new)
  ROOM_RENAME_FAILED: { status: 500, ko: '대화방 이름 변경에 실패했습니다.', en: 'Failed to rename the room.' }, // (new)

  // ---- pin-room / mute
  ROOM_SETTING_NOT_BOOLEAN: { status: 400, ko: 'pinned/muted는 boolean 값이어야 합니다.', en: 'pinned/muted must be a boolean.' }, // (new)
  ROOM_SETTING_FAILED: { status: 400, ko: '설정 변경에 실패했습니다.', en: 'Failed to change the setting.' },

  // ---- room admins
  ROOM_ADMIN_USER_REQUIRED: { status: 400, ko: '사용자를 선택해주세요.', en: 'Please choose a user.' },
  ROOM_ADMIN_USER_ID_INVALID: { status: 400, ko: '유효한 사용자 ID가 필요합니다.', en: 'A valid user id is required.' },
  ROOM_ADMIN_FLAG_NOT_BOOLEAN: { status: 400, ko: 'is_admin은 boolean 값이어야 합니다.', en: 'is_admin must be a boolean.' },
  ROOM_LAST_ADMIN: { status: 400, ko: '최소 한 명의 관리자가 필요합니다.', en: 'A room needs at least one administrator.' },
  ROOM_ADMIN_UPDATE_FAILED: { status: 500, ko: '관리자 설정에 실패했습니다.', en: 'Failed to update the administrator.' },
});
