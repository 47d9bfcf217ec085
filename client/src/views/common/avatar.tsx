/** An initial-letter avatar; the colour is picked from the user id, so a person keeps theirs. */
export function Avatar(props: { name: string | null; id: number | null; size?: 'sm' | 'md' | 'lg' }) {
  const letter = Array.from((props.name ?? '?').trim())[0]?.toUpperCase() ?? '?';
  const hue = ((props.id ?? 0) * 137) % 360;
  return (
    <span class={`avatar avatar-${props.size ?? 'md'}`} style={{ '--avatar-hue': String(hue) }} aria-hidden="true">
      {letter}
    </span>
  );
}
