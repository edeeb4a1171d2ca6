// The documents module's tables (owned by the documents module; filled in by its migrations).
export interface DocumentsTables {}
