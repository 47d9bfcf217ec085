import { errorCatalog } from '../errors/index.ts';
import type { Locale } from '../locale.ts';
import type { I18nDomain } from '../rest/system.ts';

type Catalog = Record<string, string>;

/** UI strings shared by the desktop and browser client (the same app). The client grows this. */
export const clientCatalog: Record<Locale, Catalog> = {
  ko: {
    'app.title': '사내 메신저',
    'login.title': '로그인',
    'login.username': '아이디',
    'login.password': '비밀번호',
    'login.remember': '로그인 상태 유지',
    'login.submit': '로그인',
    'login.server_url': '서버 주소',
    'register.title': '회원가입',
    'register.nickname': '닉네임',
    'register.submit': '가입하기',
    'logout': '로그아웃',
    'rooms.title': '대화방',
    'rooms.new_direct': '새 1:1 대화',
    'rooms.new_group': '새 그룹 대화',
    'rooms.empty_preview': '새 대화',
    'preview.photo': '[사진]',
    'preview.file': '[파일]',
    'preview.encrypted': '[암호화된 메시지]',
    'message.placeholder': '메시지를 입력하세요',
    'message.send': '보내기',
    'message.failed': '전송 실패',
    'message.retry': '다시 보내기',
    'sessions.title': '로그인된 기기',
    'sessions.revoke': '로그아웃시키기',
    'settings.language': '언어',
    'settings.theme': '테마',
  },
  en: {
    'app.title': 'Intranet Messenger',
    'login.title': 'Log in',
    'login.username': 'Username',
    'login.password': 'Password',
    'login.remember': 'Keep me signed in',
    'login.submit': 'Log in',
    'login.server_url': 'Server URL',
    'register.title': 'Sign up',
    'register.nickname': 'Nickname',
    'register.submit': 'Sign up',
    'logout': 'Log out',
    'rooms.title': 'Rooms',
    'rooms.new_direct': 'New direct chat',
    'rooms.new_group': 'New group',
    'rooms.empty_preview': 'New conversation',
    'preview.photo': '[Photo]',
    'preview.file': '[File]',
    'preview.encrypted': '[Encrypted message]',
    'message.placeholder': 'Type a message',
    'message.send': 'Send',
    'message.failed': 'Not sent',
    'message.retry': 'Retry',
    'sessions.title': 'Signed-in devices',
    'sessions.revoke': 'Sign out',
    'settings.language': 'Language',
    'settings.theme': 'Theme',
  },
};

/** Operator-facing strings (the origin's server GUI domain): health and maintenance labels. */
export const serverGuiCatalog: Record<Locale, Catalog> = {
  ko: {
    'health.status': '상태',
    'health.db': '데이터베이스',
    'health.tls': 'TLS',
    'health.maintenance': '유지보수',
    'health.rate_limit': '요청 제한',
    'stats.connections': '접속 수',
    'stats.uptime': '가동 시간',
  },
  en: {
    'health.status': 'Status',
    'health.db': 'Database',
    'health.tls': 'TLS',
    'health.maintenance': 'Maintenance',
    'health.rate_limit': 'Rate limit',
    'stats.connections': 'Connections',
    'stats.uptime': 'Uptime',
  },
};

/** The server domain is the error catalog, keyed by error code. */
function serverCatalog(locale: Locale): Catalog {
  return Object.fromEntries(Object.entries(errorCatalog).map(([code, spec]) => [code, spec[locale]]));
}

export function i18nCatalog(domain: I18nDomain, locale: Locale): Catalog {
  switch (domain) {
    case 'server':
      return serverCatalog(locale);
    case 'client':
    case 'web':
      return clientCatalog[locale];
    case 'server_gui':
      return serverGuiCatalog[locale];
  }
}
