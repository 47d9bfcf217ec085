import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { t } from '../../i18n/index.ts';

interface Props {
  label: string;
  value: string;
  onInput(value: string): void;
  testId: string;
  type?: 'text' | 'password';
  autoComplete?: string;
  autoFocus?: boolean;
  required?: boolean;
  /** The server's length limit (of the trimmed value): shown as a counter, never enforced by
   * cutting what the user typed; over it, the field says so before the form is sent. */
  limit?: number;
  hint?: string;
  /** More description under the field (the password rule), read with it. */
  children?: ComponentChildren;
}

/** A labelled text input for the login form. */
export function Field(props: Props) {
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (props.autoFocus) input.current?.focus();
  }, []);
  const hintId = props.hint || props.children || props.limit ? `${props.testId}-hint` : undefined;
  const length = props.value.trim().length;
  const over = props.limit !== undefined && length > props.limit;
  return (
    <label class="field">
      <span class="field-label">
        {props.label}
        {props.limit !== undefined && (
          <small class={`field-count${over ? ' over' : ''}`} data-testid={`${props.testId}-count`} aria-hidden="true">
            {length}/{props.limit}
          </small>
        )}
      </span>
      <input
        ref={input}
        // One literal for preact's per-type input typings; the DOM takes either.
        type={(props.type ?? 'text') as 'text'}
        value={props.value}
        onInput={(e) => props.onInput(e.currentTarget.value)}
        data-testid={props.testId}
        autocomplete={props.autoComplete}
        required={props.required}
        aria-invalid={over || undefined}
        aria-describedby={hintId}
        autocapitalize="off"
        spellcheck={false}
      />
      {hintId && (
        <div id={hintId} class="field-hint">
          {over && (
            <small class="field-over" role="alert" data-testid={`${props.testId}-over`}>
              {t('field.too_long', { n: props.limit! })}
            </small>
          )}
          {props.hint && <small>{props.hint}</small>}
          {props.children}
        </div>
      )}
    </label>
  );
}
