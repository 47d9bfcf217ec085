import { useEffect, useMemo, useState } from 'preact/hooks';
import type { UserListItem } from '../../../../protocol/rest/users.ts';
import { t } from '../../i18n/index.ts';
import { Avatar } from '../common/avatar.tsx';
import { Icon } from '../common/icons.tsx';
import { useServices } from '../context.ts';

export function matchUsers(users: readonly UserListItem[], query: string, exclude: readonly number[] = []): UserListItem[] {
  const q = query.trim().toLocaleLowerCase();
  return users
    .filter((u) => !exclude.includes(u.id))
    .filter((u) => !q || u.nickname.toLocaleLowerCase().includes(q) || u.username.toLocaleLowerCase().includes(q))
    .sort((a, b) => a.nickname.localeCompare(b.nickname));
}

interface Props {
  multiple: boolean;
  selected: number[];
  onChange(ids: number[]): void;
  /** Enter on a person in single mode: choose and go. */
  onSubmit?(ids: number[]): void;
  exclude?: number[];
}

/** Pick people by name from the user list (never by typed ids): a search box over a listbox.
 * Up/Down move, Enter (or a click) toggles; in single mode Enter also submits. */
export function UserPicker(props: Props) {
  const { users } = useServices();
  const all = users.list.value;
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  useEffect(() => void users.load().catch(() => {}), []);
  const shown = useMemo(() => matchUsers(all, query, props.exclude), [all, query, props.exclude]);
  const byId = useMemo(() => new Map(all.map((u) => [u.id, u])), [all]);
  const current = Math.min(active, Math.max(0, shown.length - 1));

  function toggle(id: number): number[] {
    const next = props.multiple ? (props.selected.includes(id) ? props.selected.filter((x) => x !== id) : [...props.selected, id]) : [id];
    props.onChange(next);
    return next;
  }

  function onKeyDown(e: KeyboardEvent) {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const step = e.key === 'ArrowDown' ? 1 : -1;
      setActive(Math.min(Math.max(0, current + step), shown.length - 1));
      document.getElementById(`user-option-${shown[current + step]?.id}`)?.scrollIntoView?.({ block: 'nearest' });
    } else if (e.key === 'Enter' && !e.isComposing && shown[current]) {
      e.preventDefault();
      const next = toggle(shown[current].id);
      if (!props.multiple) props.onSubmit?.(next);
    }
  }

  return (
    <div class="picker" data-testid="user-picker">
      {props.multiple && props.selected.length > 0 && (
        <div class="chips" aria-label={t('picker.selected', { n: props.selected.length })}>
          {props.selected.map((id) => {
            const name = byId.get(id)?.nickname ?? String(id);
            return (
              <button type="button" key={id} class="chip" onClick={() => toggle(id)} aria-label={t('picker.remove', { name })}>
                {name} <Icon name="x" size={12} />
              </button>
            );
          })}
        </div>
      )}
      <div class="search-field">
        <Icon name="search" size={16} />
        <input
          type="text"
          data-autofocus
          value={query}
          placeholder={t('picker.search')}
          aria-label={t('picker.search')}
          role="combobox"
          aria-expanded="true"
          aria-controls="user-options"
          aria-activedescendant={shown[current] ? `user-option-${shown[current].id}` : undefined}
          onInput={(e) => {
            setQuery(e.currentTarget.value);
            setActive(0);
          }}
          onKeyDown={onKeyDown}
        />
      </div>
      <ul id="user-options" class="picker-options" role="listbox" aria-multiselectable={props.multiple}>
        {shown.map((u, i) => {
          const selected = props.selected.includes(u.id);
          return (
            <li
              key={u.id}
              id={`user-option-${u.id}`}
              role="option"
              aria-selected={selected}
              class={`picker-option${i === current ? ' active' : ''}${selected ? ' selected' : ''}`}
              data-testid="user-option"
              data-user-id={u.id}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => {
                setActive(i);
                toggle(u.id);
              }}
            >
              <Avatar name={u.nickname} id={u.id} size="sm" image={u.profile_image} />
              <span class="picker-name">
                <strong>{u.nickname}</strong> <span class="muted">@{u.username}</span>
              </span>
              <span class={`presence ${u.status}`} aria-hidden="true" />
              {selected && <Icon name="check" size={16} />}
            </li>
          );
        })}
      </ul>
      {shown.length === 0 && (
        <p class="empty" role="status">
          {t('picker.empty')}
        </p>
      )}
    </div>
  );
}
