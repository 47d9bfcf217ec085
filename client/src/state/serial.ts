/** Runs async jobs one after another, in the order they were queued. Socket events need this:
 * decrypting a message is asynchronous, and an edit must not overtake the message it edits.
 * A failing job is reported to `onError` and does not stop the queue. */
export function serial(onError: (err: unknown) => void = () => {}): <T>(job: () => Promise<T> | T) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(job: () => Promise<T> | T) => {
    const run = tail.then(job);
    tail = run.catch(onError);
    return run;
  };
}
