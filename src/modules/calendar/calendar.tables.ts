// The calendar module's tables (owned by the calendar module; filled in by its migration).
export interface CalendarTables {}
