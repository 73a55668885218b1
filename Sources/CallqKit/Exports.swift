// What an embedding program gets from `import CallqKit` alone: every module whose
// types CallqKit's public API names — orders, credentials and JSON values
// (CallbotAPI, CallqJSON), checked statements, settings, variables and completion
// (CallqSemantics), source positions (CallqSyntax), plans (CallqPlanner), runs
// (CallqEngine), the client's verify mode (CallbotClient) and output formats and
// writers (CallqOutput, which re-exports CallqResult).
@_exported import CallbotAPI
@_exported import CallbotClient
@_exported import CallqEngine
@_exported import CallqJSON
@_exported import CallqOutput
@_exported import CallqPlanner
@_exported import CallqSemantics
@_exported import CallqSyntax
