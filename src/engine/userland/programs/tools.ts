/**
 * mysql: the image programs the shell runs like its applets (../shell's `tools`): the MySQL
 * client programs, Percona XtraBackup and ncat, for the replicated MySQL StatefulSet tutorial.
 */
import type { Tool } from '../shell';
import { mysql, mysqladmin } from './mysql/client';
import { xbstream, xtrabackup } from './mysql/xtrabackup';
import { ncat } from './ncat';

export const IMAGE_TOOLS: ReadonlyMap<string, Tool> = new Map<string, Tool>([
  ['mysql', mysql],
  ['mysqladmin', mysqladmin],
  ['xtrabackup', xtrabackup],
  ['xbstream', xbstream],
  ['ncat', ncat],
]);
