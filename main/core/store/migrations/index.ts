// Every schema step, sorted by version. Others add 002-trust, 003-sync, ... here.
import type { Migration } from './migration';
import { migration001 } from './001-initial';
import { migration002 } from './002-trust';
import { migration003 } from './003-sync';
import { migration004 } from './004-transfer-title';
import { migration005 } from './005-source-index';
import { migration006 } from './006-classifications';
import { migration007 } from './007-evidence';
import { migration008 } from './008-search-keys';
import { migration009 } from './009-activity';
import { migration010 } from './010-batch-intake';
import { migration011SparseIndexes } from './011-sparse-indexes';
import { migration012TransferArchive } from './012-transfer-archive';

export type { Migration } from './migration';

export const MIGRATIONS: Migration[] = [
  migration001,
  migration002,
  migration003,
  migration004,
  migration005,
  migration006,
  migration007,
  migration008,
  migration009,
  migration010,
  migration011SparseIndexes,
  migration012TransferArchive,
].sort((a, b) => a.version - b.version);
