import type { ImportRepo, ImportState, TargetRow, TargetTable } from './repo.ts';
import type { MigrationReport } from './report.ts';

/** One kind of row on its way in. Each origin row is new (written now), already here (an earlier
 * run brought it), deleted here since (never brought back), or blocked by a row here that did not
 * come from the origin (skipped: the origin's id is taken). */
export class ImportBatch<T extends TargetTable> {
  private readonly rows: Array<{ key: string; row: TargetRow<T> }> = [];
  private here = 0;

  private constructor(
    readonly kind: T,
    private readonly state: ImportState,
    private readonly report: MigrationReport,
  ) {}

  static async open<T extends TargetTable>(target: ImportRepo, kind: T, report: MigrationReport): Promise<ImportBatch<T>> {
    return new ImportBatch(kind, await target.state(kind), report);
  }

  /** Whether the origin row with this key is to be written now; if not, it is counted or reported. */
  isNew(key: number | string): boolean {
    const k = String(key);
    if (this.state.imported.has(k)) {
      if (this.state.present.has(k)) this.here += 1;
      else this.report.note(this.kind, 'deleted here after an earlier run: not brought back', key);
      return false;
    }
    if (this.state.present.has(k)) {
      this.report.skip(this.kind, key, 'id already used here by a row that is not from the origin');
      return false;
    }
    return true;
  }

  add(key: number | string, row: TargetRow<T>): void {
    this.rows.push({ key: String(key), row });
  }

  async write(target: ImportRepo, seen: number): Promise<void> {
    this.report.counted(this.kind, seen, this.rows.length + this.here, await target.insertNew(this.kind, this.rows));
  }
}
