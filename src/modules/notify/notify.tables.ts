// The notify module's tables (owned by the notify module; filled in by its migrations).
export interface NotifyTables {}
