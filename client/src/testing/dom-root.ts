import { render } from 'preact';
import { afterEach, beforeEach } from 'vitest';

/** For component tests: a fresh element per test to render into, unmounted and removed after it.
 * Read it inside tests (`root()`). */
export function useDomRoot(): () => HTMLElement {
  let root: HTMLElement | null = null;
  beforeEach(() => {
    root = document.createElement('div');
    document.body.append(root);
  });
  afterEach(() => {
    if (!root) return;
    render(null, root);
    root.remove();
    root = null;
  });
  return () => {
    if (!root) throw new Error('useDomRoot: only inside a test');
    return root;
  };
}
