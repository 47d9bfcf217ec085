/** An answer already serialised: `route()` sends the text as it is. Typed by what it encodes, so
 * a handler answering from a cache is checked against its route's response like any other. */
export class JsonText<T> {
  declare readonly encodes?: T;
  constructor(readonly text: string) {}
}
