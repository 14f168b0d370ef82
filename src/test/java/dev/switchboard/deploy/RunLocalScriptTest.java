package dev.switchboard.deploy;

import static dev.switchboard.deploy.RenderedChart.PROJECT_DIR;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The run command, its README and the repository agree: the three database paths, the data folder and how to
 * remove it, and the upstream the tour and the demo use. (EmbeddedDatabaseBootTest runs the embedded path.)
 */
class RunLocalScriptTest {

    private static final String DATA_FOLDER = ".switchboard-dev/pgdata";

    @Test
    void theScriptAndTheReadmeDescribeTheSameThreePathsAndDataFolder() throws IOException {
        String script = Files.readString(PROJECT_DIR.resolve("deploy/run-local.sh"));
        String readme = Files.readString(PROJECT_DIR.resolve("README.md"));
        for (String path : List.of("devservices", "local", "embedded")) {
            assertTrue(script.contains("\n  " + path + ")"), "run-local.sh has the path " + path);
            assertTrue(readme.contains(path), "README names SWITCHBOARD_DEV_DATABASE=" + path);
        }
        assertTrue(script.contains("DEV_DIR=.switchboard-dev") && script.contains("\"$DEV_DIR/pgdata\""), "the script's data folder");
        assertTrue(script.contains(EmbeddedDatabase.class.getName()), "the script starts the embedded database");
        assertTrue(readme.contains("`" + DATA_FOLDER + "`") && readme.contains("`rm -rf .switchboard-dev`"), "README names the folder and its removal");
        assertTrue(Files.readAllLines(PROJECT_DIR.resolve(".gitignore")).contains(".switchboard-dev/"), "the data folder is not committed");
    }

    @Test
    void theTourStartsTheServerEverythingVersionTheTestsAndTheDemoUse() throws IOException {
        String version = JsonMapper.builder().build().readTree(PROJECT_DIR.resolve("src/test/node/package.json").toFile())
                .path("dependencies").path("@modelcontextprotocol/server-everything").asText();
        String readme = Files.readString(PROJECT_DIR.resolve("README.md"));
        assertTrue(readme.contains("@modelcontextprotocol/server-everything@" + version), "README's tour installs " + version);
        assertTrue(readme.contains("PORT=3001 node -r ./src/test/node/loopback.cjs"), "README's tour starts it on loopback port 3001");
        assertTrue(readme.contains("\"mcp_url\": \"http://127.0.0.1:3001/mcp\""), "the tour registers it there");
    }
}
