package dev.switchboard.authconfig;

import static dev.switchboard.support.Api.ROOT;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.switchboard.authconfig.crypto.SecretCipher;
import dev.switchboard.authconfig.crypto.SecretCipherProducer.Secrets;
import dev.switchboard.support.Api;
import dev.switchboard.support.Api.TestTenant;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AuthConfigResourceTest {

    private static final String SECRET = "sk-live-this-must-never-leave-the-server";

    @Inject
    Pool pool;

    @Inject
    Secrets secrets;

    private Row storedRow(String id) {
        return pool.preparedQuery("select tenant_id, secret_ciphertext, secret_key_id, header_name from auth_config where id = $1")
                .execute(Tuple.of(id)).await().atMost(Duration.ofSeconds(10)).iterator().next();
    }

    @Test
    void storesApiKeySecretsEncryptedAndNeverReturnsThem() {
        TestTenant tenant = Api.newTenant();
        tenant.toolkit("github");
        String body = tenant.api().body(Map.of("toolkit", "github", "name", "bot", "auth_scheme", "api_key",
                        "credentials", Map.of("header_name", "X-Api-Key", "api_key", SECRET)))
                .post(ROOT + "/auth_configs")
                .then().statusCode(201)
                .body("id", startsWith("ac_"))
                .body("toolkit.slug", equalTo("github"))
                .body("auth_scheme", equalTo("api_key"))
                .body("credentials.header_name", equalTo("X-Api-Key"))
                .body("credentials.secret_set", equalTo(true))
                .extract().asString();
        assertFalse(body.contains(SECRET));
        String id = io.restassured.path.json.JsonPath.from(body).getString("id");

        Row row = storedRow(id);
        byte[] ciphertext = row.getBuffer("secret_ciphertext").getBytes();
        assertFalse(new String(ciphertext, StandardCharsets.ISO_8859_1).contains(SECRET), "stored in plain text");
        assertEquals("test", row.getString("secret_key_id"));
        String opened = secrets.require().open(new SecretCipher.Sealed(row.getString("secret_key_id"), ciphertext),
                row.getString("tenant_id") + "/" + id);
        assertEquals(SECRET, opened);

        tenant.api().get(ROOT + "/auth_configs/" + id).then().statusCode(200).body(not(containsSecret()));
        tenant.api().get(ROOT + "/auth_configs").then().statusCode(200).body(not(containsSecret()));
    }

    private static org.hamcrest.Matcher<String> containsSecret() {
        return org.hamcrest.Matchers.containsString(SECRET);
    }

    @Test
    void rotatesSecretsAndChangesSchemes() {
        TestTenant tenant = Api.newTenant();
        tenant.toolkit("slack");
        String id = tenant.api().body(Map.of("toolkit", "slack", "auth_scheme", "bearer", "credentials", Map.of("token", "first")))
                .post(ROOT + "/auth_configs").then().statusCode(201)
                .body("name", equalTo("SLACK (bearer)"))
                .body("credentials.header_name", nullValue())
                .extract().path("id");
        byte[] before = storedRow(id).getBuffer("secret_ciphertext").getBytes();

        tenant.api().body(Map.of("credentials", Map.of("token", "second"))).patch(ROOT + "/auth_configs/" + id)
                .then().statusCode(200).body("auth_scheme", equalTo("bearer"));
        Row rotated = storedRow(id);
        String opened = secrets.require().open(new SecretCipher.Sealed(rotated.getString("secret_key_id"),
                rotated.getBuffer("secret_ciphertext").getBytes()), rotated.getString("tenant_id") + "/" + id);
        assertEquals("second", opened);
        assertFalse(java.util.Arrays.equals(before, rotated.getBuffer("secret_ciphertext").getBytes()));

        tenant.api().body(Map.of("auth_scheme", "api_key")).patch(ROOT + "/auth_configs/" + id)
                .then().statusCode(400)
                .body("errors.field", contains("credentials.header_name", "credentials.api_key"));
        tenant.api().body(Map.of("auth_scheme", "none", "name", "open")).patch(ROOT + "/auth_configs/" + id)
                .then().statusCode(200)
                .body("auth_scheme", equalTo("none"))
                .body("name", equalTo("open"))
                .body("credentials.secret_set", equalTo(false));
        Row cleared = storedRow(id);
        assertEquals(null, cleared.getValue("secret_ciphertext"));
    }

    @Test
    void validatesSchemesCredentialsAndToolkits() {
        TestTenant tenant = Api.newTenant();
        tenant.toolkit("github");
        tenant.api().body(Map.of("toolkit", "nope", "auth_scheme", "none")).post(ROOT + "/auth_configs")
                .then().statusCode(400).body("errors[0].field", equalTo("toolkit"));
        tenant.api().body(Map.of("toolkit", "github", "auth_scheme", "oauth9")).post(ROOT + "/auth_configs")
                .then().statusCode(400).body("errors[0].field", equalTo("auth_scheme"));
        tenant.api().body(Map.of("toolkit", "github", "auth_scheme", "bearer")).post(ROOT + "/auth_configs")
                .then().statusCode(400).body("errors[0].field", equalTo("credentials.token"));
        tenant.api().body(Map.of("toolkit", "github", "auth_scheme", "none", "credentials", Map.of("token", "x")))
                .post(ROOT + "/auth_configs")
                .then().statusCode(400).body("errors[0].field", equalTo("credentials.token"));
        tenant.api().body(Map.of("toolkit", "github", "auth_scheme", "api_key",
                        "credentials", Map.of("header_name", "Mcp-Session-Id", "api_key", "k")))
                .post(ROOT + "/auth_configs")
                .then().statusCode(400).body("errors[0].field", equalTo("credentials.header_name"));
        tenant.api().body(Map.of("toolkit", "github", "auth_scheme", "api_key",
                        "credentials", Map.of("header_name", "Bad Header", "api_key", "k")))
                .post(ROOT + "/auth_configs")
                .then().statusCode(400).body("errors[0].field", equalTo("credentials.header_name"));
        tenant.api().get(ROOT + "/auth_configs").then().body("total_items", equalTo(0));
    }

    @Test
    void listsFiltersAndDeletes() {
        TestTenant tenant = Api.newTenant();
        tenant.toolkit("github");
        tenant.toolkit("slack");
        String a = tenant.api().body(Map.of("toolkit", "github", "auth_scheme", "none")).post(ROOT + "/auth_configs")
                .then().statusCode(201).extract().path("id");
        String b = tenant.api().body(Map.of("toolkit", "slack", "auth_scheme", "none")).post(ROOT + "/auth_configs")
                .then().statusCode(201).extract().path("id");
        tenant.api().get(ROOT + "/auth_configs").then().body("items.id", hasItems(a, b));
        tenant.api().queryParam("toolkit_slug", "slack").get(ROOT + "/auth_configs").then().body("items.id", contains(b));
        tenant.api().delete(ROOT + "/auth_configs/" + a).then().statusCode(200).body("deleted", equalTo(true));
        tenant.api().get(ROOT + "/auth_configs/" + a).then().statusCode(404);
        assertNotNull(b);
    }

    @Test
    void membersCannotSeeAuthConfigs() {
        TestTenant tenant = Api.newTenant();
        tenant.toolkit("github");
        Api.as(tenant.memberKey()).get(ROOT + "/auth_configs").then().statusCode(403);
    }

    @Test
    void refusesSecretsThatCannotBeAHeaderValueNamingTheField() {
        TestTenant tenant = Api.newTenant();
        tenant.toolkit("github");
        tenant.api().body(Map.of("toolkit", "github", "auth_scheme", "bearer", "credentials", Map.of("token", SECRET + "\u0001")))
                .post(ROOT + "/auth_configs")
                .then().statusCode(400)
                .body("errors[0].field", equalTo("credentials.token"))
                .body(not(containsSecret()));
        tenant.api().body(Map.of("toolkit", "github", "auth_scheme", "api_key",
                        "credentials", Map.of("header_name", "X-Api-Key", "api_key", "key\u007fwith-delete")))
                .post(ROOT + "/auth_configs")
                .then().statusCode(400)
                .body("errors[0].field", equalTo("credentials.api_key"));
        String id = tenant.api().body(Map.of("toolkit", "github", "auth_scheme", "bearer", "credentials", Map.of("token", "first")))
                .post(ROOT + "/auth_configs").then().statusCode(201).extract().path("id");
        tenant.api().body(Map.of("credentials", Map.of("token", "second\u001b[31m"))).patch(ROOT + "/auth_configs/" + id)
                .then().statusCode(400).body("errors[0].field", equalTo("credentials.token"));
    }
}
