// Records the git commit `callq` is built from, for `callq --version`: before
// every build a small shell script asks git for HEAD (and whether the tree has
// uncommitted changes) and writes BuildInfo.swift, rewriting it only when the
// answer changed. Outside a git checkout of this package the commit is "unknown".
import Foundation
import PackagePlugin

@main
struct BuildInfoPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let output = context.pluginWorkDirectoryURL.appendingPathComponent("BuildInfo")
        return [
            .prebuildCommand(
                displayName: "Recording the git commit of \(target.name)",
                executable: URL(fileURLWithPath: "/bin/sh"),
                arguments: ["-c", Self.script, "build-info", context.package.directoryURL.path, output.path],
                outputFilesDirectory: output)
        ]
    }

    /// `$1`: the package directory; `$2`: where BuildInfo.swift goes.
    static let script = #"""
        set -u
        src=$1 out=$2
        mkdir -p "$out" || exit 1
        commit=unknown modified=false
        if command -v git >/dev/null 2>&1; then
            top=$(git -C "$src" rev-parse --show-toplevel 2>/dev/null) || top=
            # Only this package's own repository counts, not one it was unpacked inside.
            if [ -n "$top" ] && [ "$(cd "$top" && pwd -P)" = "$(cd "$src" && pwd -P)" ]; then
                commit=$(git -C "$src" rev-parse --short=12 HEAD 2>/dev/null) || commit=unknown
                if [ -n "$(git -C "$src" --no-optional-locks status --porcelain --untracked-files=no 2>/dev/null)" ]; then
                    modified=true
                fi
            fi
        fi
        text="// Generated before each build by Plugins/BuildInfo; not kept in git.
        enum BuildInfo {
            /// The commit callq was built from (12 hex digits), or \"unknown\".
            static let commit = \"$commit\"
            /// Whether tracked files differed from that commit.
            static let modified = $modified
        }"
        if [ ! -f "$out/BuildInfo.swift" ] || [ "$(cat "$out/BuildInfo.swift")" != "$text" ]; then
            printf '%s\n' "$text" > "$out/BuildInfo.swift"
        fi
        """#
}
