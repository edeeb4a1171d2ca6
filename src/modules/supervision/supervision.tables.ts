// The supervision module's tables (created by its migration; see README.md).
export interface SupervisionTables {}
