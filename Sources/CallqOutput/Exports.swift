// The writers speak the contract module's types (Column, ColumnKind, OutputRow,
// OutputFormat, OutputSummary): whoever imports the writers sees them too.
@_exported import CallqResult
