import { defineErrors } from './define.ts';

/** Uploads, upload tokens (one code per reason the origin gave) and room files. */
export const filesErrors = defineErrors({
  UPLOAD_ROOM_ID_REQUIRED: { status: 400, ko: 'room_id가 필요합니다.', en: 'room_id is required.' },
  UPLOAD_TOO_LARGE: { status: 413, ko: '파일 크기는 16MB 이하여야 합니다.', en: 'Files must be 16 MB or smaller.' },
  UPLOAD_FILE_MISSING: { status: 400, ko: '파일이 없습니다.', en: 'No file was sent.' },
  UPLOAD_FILE_NOT_SELECTED: { status: 400, ko: '파일이 선택되지 않았습니다.', en: 'No file was selected.' },
  UPLOAD_FILE_EMPTY: { status: 400, ko: '빈 파일은 업로드할 수 없습니다.', en: 'Empty files cannot be uploaded.' }, // (new: the origin stored them)
  UPLOAD_TYPE_NOT_ALLOWED: { status: 400, ko: '허용되지 않는 파일 형식입니다.', en: 'This file type is not allowed.' },
  UPLOAD_CONTENT_MISMATCH: { status: 400, ko: '파일 내용이 확장자와 일치하지 않습니다.', en: 'The file content does not match its extension.' },
  UPLOAD_SCAN_PROVIDER_MISSING: { status: 400, ko: '업로드 스캔 제공자가 구성되지 않았습니다.', en: 'No upload scan provider is configured.' },
  /** Origin answered with the scanner's own reason; we give one stable code (reason goes to the log). */
  UPLOAD_SCAN_BLOCKED: { status: 400, ko: '업로드 파일이 보안 검사에서 차단되었습니다.', en: 'The file was blocked by the security scan.' }, // (new)
  UPLOAD_SAVE_FAILED: { status: 500, ko: '파일 저장에 실패했습니다.', en: 'Failed to save the file.' }, // (new)
  UPLOAD_TOKEN_ISSUE_FAILED: { status: 500, ko: '업로드 토큰 발급에 실패했습니다.', en: 'Failed to issue an upload token.' },

  UPLOAD_TOKEN_REQUIRED: { status: 400, ko: '업로드 토큰이 필요합니다.', en: 'An upload token is required.' },
  UPLOAD_TOKEN_INVALID: { status: 400, ko: '업로드 토큰이 유효하지 않습니다.', en: 'The upload token is invalid.' },
  UPLOAD_TOKEN_USED_OR_EXPIRED: { status: 400, ko: '업로드 토큰이 이미 사용되었거나 만료되었습니다.', en: 'The upload token was already used or has expired.' },
  UPLOAD_TOKEN_EXPIRED: { status: 400, ko: '업로드 토큰이 만료되었습니다.', en: 'The upload token has expired.' },
  UPLOAD_TOKEN_USER_MISMATCH: { status: 403, ko: '업로드 토큰 사용자 정보가 일치하지 않습니다.', en: 'The upload token belongs to another user.' },
  UPLOAD_TOKEN_ROOM_MISMATCH: { status: 403, ko: '업로드 토큰의 대화방 정보가 일치하지 않습니다.', en: 'The upload token belongs to another room.' },
  UPLOAD_TOKEN_TYPE_MISMATCH: { status: 400, ko: '업로드 토큰 파일 유형이 일치하지 않습니다.', en: 'The upload token is for another file type.' },
  UPLOAD_FILE_NOT_FOUND: { status: 404, ko: '업로드 파일을 찾을 수 없습니다.', en: 'The uploaded file was not found.' },

  PROFILE_IMAGE_NOT_IMAGE: { status: 400, ko: '이미지 파일만 업로드 가능합니다.', en: 'Only image files can be uploaded.' },
  PROFILE_IMAGE_INVALID: { status: 400, ko: '유효하지 않은 이미지 파일입니다.', en: 'The image file is not valid.' },
  /** 413 here (the origin answered 400). */
  PROFILE_IMAGE_TOO_LARGE: { status: 413, ko: '파일 크기는 5MB 이하여야 합니다.', en: 'Images must be 5 MB or smaller.' },

  FILE_NOT_FOUND: { status: 404, ko: '파일을 찾을 수 없습니다.', en: 'File not found.' },
  FILE_DELETE_FORBIDDEN: { status: 403, ko: '파일 삭제 권한이 없습니다.', en: 'You cannot delete this file.' },
});
