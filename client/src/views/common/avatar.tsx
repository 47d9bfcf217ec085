import { useFileSrc } from '../files/use-file-src.ts';

/** A person's profile picture, else an initial-letter avatar whose colour is picked from the user
 * id, so a person keeps theirs. The picture is a member-only file (FileAccess); while it loads or
 * when it cannot be had, the letter shows. */
export function Avatar(props: { name: string | null; id: number | null; size?: 'sm' | 'md' | 'lg'; image?: string | null }) {
  const letter = Array.from((props.name ?? '?').trim())[0]?.toUpperCase() ?? '?';
  const hue = ((props.id ?? 0) * 137) % 360;
  const cls = `avatar avatar-${props.size ?? 'md'}`;
  if (props.image) return <ImageAvatar key={props.image} cls={cls} hue={hue} letter={letter} path={props.image} />;
  return (
    <span class={cls} style={{ '--avatar-hue': String(hue) }} aria-hidden="true">
      {letter}
    </span>
  );
}

function ImageAvatar(props: { cls: string; hue: number; letter: string; path: string }) {
  const { src, failed } = useFileSrc(props.path);
  if (!src || failed) {
    return (
      <span class={props.cls} style={{ '--avatar-hue': String(props.hue) }} aria-hidden="true">
        {props.letter}
      </span>
    );
  }
  return (
    <span class={`${props.cls} avatar-image`} aria-hidden="true" data-testid="avatar-image">
      <img src={src} alt="" />
    </span>
  );
}
