// config.toml keys that belong to no profile are reported, not silently dropped.
import CallqKit
import Testing

@Suite struct ConfigFileTests {
    @Test func keysOutsideAnyProfileAreReported() throws {
        var warnings: [String] = []
        let text = "task = [\"a\", \"b\"]\nsize = 50\n[default]\nuuid = \"u\"\nsecret_key = \"s\"\n"
        let profile = try ConfigFile.parse(text, profile: "default", path: "c.toml") { warnings.append($0) }
        #expect(warnings == ["warning: c.toml: `size`, `task` outside any profile; ignored (put them under [default] or [NAME])"])
        #expect(profile.list("task") == nil)
        #expect(profile["uuid"] == "u")
    }

    @Test func everySettingIsAKnownKey() throws {
        // Every setting of the table may be a profile default (the runner applies them all).
        let text = "[default]\n" + CallqLanguage.settingNames.map { "\($0) = \"x\"\n" }.joined() + "sizee = 5\n"
        var warnings: [String] = []
        _ = try ConfigFile.parse(text, profile: "default", path: "c.toml") { warnings.append($0) }
        #expect(warnings == ["warning: c.toml: unknown key `sizee` in profile `default`"])
    }

    @Test func aProfileOnlyFileWarnsNothing() throws {
        var warnings: [String] = []
        _ = try ConfigFile.parse("[default]\ntask = [\"a\"]\n", profile: "default", path: "c.toml") { warnings.append($0) }
        #expect(warnings.isEmpty)
    }
}
