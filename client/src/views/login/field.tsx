import { useEffect, useRef } from 'preact/hooks';

interface Props {
  label: string;
  value: string;
  onInput(value: string): void;
  testId: string;
  type?: 'text' | 'password';
  autoComplete?: string;
  autoFocus?: boolean;
  required?: boolean;
  maxLength?: number;
  hint?: string;
}

/** A labelled text input for the login form. */
export function Field(props: Props) {
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (props.autoFocus) input.current?.focus();
  }, []);
  const hintId = props.hint ? `${props.testId}-hint` : undefined;
  return (
    <label class="field">
      <span>{props.label}</span>
      <input
        ref={input}
        // One literal for preact's per-type input typings; the DOM takes either.
        type={(props.type ?? 'text') as 'text'}
        value={props.value}
        onInput={(e) => props.onInput(e.currentTarget.value)}
        data-testid={props.testId}
        autocomplete={props.autoComplete}
        required={props.required}
        maxLength={props.maxLength}
        aria-describedby={hintId}
        autocapitalize="off"
        spellcheck={false}
      />
      {props.hint && (
        <small id={hintId} class="muted">
          {props.hint}
        </small>
      )}
    </label>
  );
}
