/** What a migration run did, per kind of row: how many the origin had, how many were new here,
 * how many were already here (an earlier run), and what was skipped or adjusted, with the reason. */
interface Kind {
  seen: number;
  accepted: number;
  imported: number;
  skipped: Map<string, Array<number | string>>;
  notes: Map<string, Array<number | string>>;
}

const SHOWN_IDS = 10;

export class MigrationReport {
  readonly kinds = new Map<string, Kind>();

  private kind(name: string): Kind {
    let k = this.kinds.get(name);
    if (!k) this.kinds.set(name, (k = { seen: 0, accepted: 0, imported: 0, skipped: new Map(), notes: new Map() }));
    return k;
  }

  /** `seen` origin rows, `accepted` of them offered to the database, `imported` actually new. */
  counted(name: string, seen: number, accepted: number, imported: number): void {
    const k = this.kind(name);
    k.seen += seen;
    k.accepted += accepted;
    k.imported += imported;
  }

  skip(name: string, id: number | string, reason: string): void {
    push(this.kind(name).skipped, reason, id);
  }

  /** Imported, but changed on the way (or a fact worth telling); `id` when it concerns one row. */
  note(name: string, reason: string, id?: number | string): void {
    const ids = this.kind(name).notes.get(reason);
    if (id === undefined) {
      if (!ids) this.kind(name).notes.set(reason, []);
    } else push(this.kind(name).notes, reason, id);
  }

  imported(name: string): number {
    return this.kinds.get(name)?.imported ?? 0;
  }

  totalImported(): number {
    return [...this.kinds.values()].reduce((n, k) => n + k.imported, 0);
  }

  lines(): string[] {
    const out: string[] = [];
    for (const [name, k] of this.kinds) {
      const skipped = [...k.skipped.values()].reduce((n, ids) => n + ids.length, 0);
      out.push(`${name}: ${k.seen} in the origin, ${k.imported} imported, ${k.accepted - k.imported} already here, ${skipped} skipped`);
      for (const [reason, ids] of k.skipped) out.push(`  skipped ${ids.length}: ${reason}${idList(ids)}`);
      for (const [reason, ids] of k.notes) out.push(`  note${ids.length ? ` (${ids.length})` : ''}: ${reason}${idList(ids)}`);
    }
    return out;
  }
}

function push(map: Map<string, Array<number | string>>, reason: string, id: number | string): void {
  const ids = map.get(reason) ?? [];
  ids.push(id);
  map.set(reason, ids);
}

const idList = (ids: Array<number | string>) =>
  ids.length === 0 ? '' : ` (id ${ids.slice(0, SHOWN_IDS).join(', ')}${ids.length > SHOWN_IDS ? `, … ${ids.length - SHOWN_IDS} more` : ''})`;
