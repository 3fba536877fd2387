import type { KubeObject } from '../../api/types';

/** A column of a kind's table (metav1.TableColumnDefinition). Priority 1 shows only with -o wide. */
export interface Column {
  name: string;
  priority?: 1;
  /** The NAME column (`Format: "name"`), which `--show-kind` prefixes with `kind/`. */
  isName?: true;
}

/** A kind's table handler: its columns and one row of cells per object, all columns included. */
export interface KindPrinter {
  columns: Column[];
  row(obj: KubeObject, now: number): string[];
}
