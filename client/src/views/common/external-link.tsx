import type { ComponentChildren } from 'preact';
import { useServices } from '../context.ts';

/** Only web pages are opened: the address comes from the server, and the desktop hands it to the
 * OS, which would also open files or other schemes. */
export const isWebUrl = (url: string) => /^https?:\/\/[^\s]+$/i.test(url);

/** A link opened in the system browser through the platform: the desktop window must not navigate
 * away from the app. `allow` says which addresses may be links (web pages unless told). */
export function ExternalLink(props: { url: string; allow?: (url: string) => boolean; class?: string; testId?: string; children: ComponentChildren }) {
  const { platform } = useServices();
  if (!(props.allow ?? isWebUrl)(props.url)) return null;
  return (
    <a
      href={props.url}
      class={props.class}
      target="_blank"
      rel="noopener noreferrer"
      data-testid={props.testId}
      onClick={(e) => {
        e.preventDefault();
        platform.openExternal(props.url);
      }}
    >
      {props.children}
    </a>
  );
}
