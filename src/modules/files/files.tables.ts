// The files module's tables (owned by the files module; filled in by its migrations).
export interface FilesTables {}
