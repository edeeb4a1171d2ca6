// The fees module's tables (owned by the fees module; filled in by its migrations).
export interface FeesTables {}
