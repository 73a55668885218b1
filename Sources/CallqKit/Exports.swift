// What an embedding program gets from `import CallqKit` alone: orders, credentials
// and JSON values (CallbotAPI, CallqJSON), plans (CallqPlanner) and output formats.
@_exported import CallbotAPI
@_exported import CallqJSON
@_exported import CallqOutput
@_exported import CallqPlanner
