// The cases module's tables (owned by the cases module; filled in by its migrations).
export interface CasesTables {}
