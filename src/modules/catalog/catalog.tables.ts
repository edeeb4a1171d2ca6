// The catalog module's tables (owned by the catalog module; filled in by its migrations).
export interface CatalogTables {}
