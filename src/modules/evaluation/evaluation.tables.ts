// The evaluation module's tables (created by its migration; see README.md).
export interface EvaluationTables {}
