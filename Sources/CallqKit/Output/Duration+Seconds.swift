// Elapsed time as fractional seconds, for footers and `.timing`.

extension Duration {
    /// This duration in seconds.
    var inSeconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
