/**
 * The MySQL client/server protocol as the simulation carries it: one TCP exchange per client
 * session (the statements it sends, the results or the error that stopped it), and the binary
 * log dump a replica's I/O thread asks its source for. JSON stands in for the wire packets.
 */

/** A column of a result set; `numeric` ones the client right-aligns in its tables. */
export interface Column {
  name: string;
  numeric: boolean;
}

/** A result set (SELECT, SHOW), or a statement's OK packet (no columns). */
export interface Result {
  columns?: Column[];
  rows?: (string | null)[][];
  affected?: number;
}

/** An ERR packet: `ERROR 1146 (42S02): Table 'test.x' doesn't exist`. */
export interface SqlError {
  code: number;
  state: string;
  message: string;
}

/** An event of the binary log, as a replica receives and applies it. */
export interface BinlogEvent {
  file: string;
  /** Where the event starts, and where the next one does (`end_log_pos`). */
  pos: number;
  end: number;
  db: string;
  sql: string;
}

export type MysqlRequest =
  /** COM_QUERY for each statement, in order, stopping at the first error. */
  | { type: 'query'; user: string; database?: string; statements: string[] }
  /** COM_BINLOG_DUMP: the events after `file`:`pos`, from a replica with `serverId`. */
  | { type: 'binlog-dump'; file: string; pos: number; serverId: number };

export type MysqlResponse =
  | { type: 'results'; results: Result[]; error?: SqlError }
  /** `head`: the source's current file and position, where a caught-up replica stands. */
  | {
      type: 'binlog';
      events: BinlogEvent[];
      head?: { file: string; pos: number };
      /** The source's server_id (SHOW SLAVE STATUS's Master_Server_Id). */
      serverId?: number;
      error?: SqlError;
    };

export const encode = (m: MysqlRequest | MysqlResponse): string => JSON.stringify(m);

export function decode<T extends MysqlRequest | MysqlResponse>(data: string): T | undefined {
  try {
    return JSON.parse(data) as T;
  } catch {
    return undefined;
  }
}
