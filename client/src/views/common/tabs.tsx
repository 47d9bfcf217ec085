import type { ComponentChildren } from 'preact';

export interface Tab<K extends string> {
  key: K;
  label: string;
}

/** A row of tabs over one panel (the dialogs of the account and admin areas). Arrow keys move
 * between tabs, as a tablist should. */
export function Tabs<K extends string>(props: { tabs: Array<Tab<K>>; current: K; onSelect(key: K): void; id: string; children: ComponentChildren }) {
  const index = props.tabs.findIndex((tab) => tab.key === props.current);
  function onKeyDown(e: KeyboardEvent) {
    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (!step) return;
    e.preventDefault();
    const next = props.tabs[(index + step + props.tabs.length) % props.tabs.length]!;
    props.onSelect(next.key);
    (e.currentTarget as HTMLElement).querySelector<HTMLElement>(`#${props.id}-tab-${next.key}`)?.focus();
  }
  return (
    <>
      <div class="tabs" role="tablist" onKeyDown={onKeyDown}>
        {props.tabs.map((tab) => (
          <button
            key={tab.key}
            type="button"
            role="tab"
            id={`${props.id}-tab-${tab.key}`}
            class="tab"
            aria-selected={tab.key === props.current}
            aria-controls={`${props.id}-panel`}
            tabIndex={tab.key === props.current ? 0 : -1}
            data-testid={`tab-${tab.key}`}
            onClick={() => props.onSelect(tab.key)}
          >
            {tab.label}
          </button>
        ))}
      </div>
      <div class="tab-panel" role="tabpanel" id={`${props.id}-panel`} aria-labelledby={`${props.id}-tab-${props.current}`}>
        {props.children}
      </div>
    </>
  );
}
