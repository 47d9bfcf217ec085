import type { Config } from '../config.ts';

const escape = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** The page browsers get in desktop-only mode (origin: a small Korean notice with versions and
 * the download link); bilingual here. */
export function desktopOnlyNotice(config: Pick<Config, 'release'>): string {
  const rel = config.release.stable;
  const download = rel.downloadUrl
    ? `<a href="${escape(rel.downloadUrl)}">데스크톱 앱 내려받기 · Download the desktop app</a>`
    : '관리자에게 설치 파일을 요청하세요. · Ask your administrator for the installer.';
  const notes = rel.releaseNotesUrl ? `<p><a href="${escape(rel.releaseNotesUrl)}">릴리스 노트 · Release notes</a></p>` : '';
  return `<!doctype html>
<html lang="ko"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>사내 메신저 · Intranet Messenger</title>
<style>body{font-family:system-ui,"Noto Sans CJK KR","Malgun Gothic",sans-serif;max-width:34rem;margin:4rem auto;padding:0 1rem;line-height:1.6;color:#1f2328}h1{font-size:1.4rem}dl{display:grid;grid-template-columns:auto 1fr;gap:.25rem 1rem}</style>
</head><body data-testid="desktop-only-notice">
<h1>사내 메신저는 데스크톱 앱으로 이용해 주세요.</h1>
<p>The messenger is available in the desktop app only.</p>
<dl><dt>최소 버전 · Minimum version</dt><dd>${escape(rel.minVersion)}</dd><dt>최신 버전 · Latest version</dt><dd>${escape(rel.latestVersion)}</dd></dl>
<p>${download}</p>${notes}
</body></html>`;
}
