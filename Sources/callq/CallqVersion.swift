// What `callq --version` says: the release number and the git commit the
// binary was built from (recorded at build time by Plugins/BuildInfo).

/// The version line of `--version` and the REPL's greeting.
enum CallqVersion {
    /// The release number.
    static let number = "0.1.0"

    /// `callq 0.1.0 (commit 0123456789ab)`; `+ local changes` when tracked files
    /// differed from it; `unknown` when not built from a git checkout.
    static var text: String {
        var commit = BuildInfo.commit == "unknown" ? "unknown (not built from a git checkout)" : BuildInfo.commit
        if BuildInfo.modified { commit += " + local changes" }
        return "callq \(number) (commit \(commit))"
    }
}
