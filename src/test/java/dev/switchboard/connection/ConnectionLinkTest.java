package dev.switchboard.connection;

import static dev.switchboard.support.Api.ROOT;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.authconfig.crypto.SecretCipher;
import dev.switchboard.authconfig.crypto.SecretCipherProducer.Secrets;
import dev.switchboard.support.Api;
import dev.switchboard.support.Api.TestTenant;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Links ({@code connectedAccounts.link}): the INITIATED account, the form page fetched and posted as a browser does
 * (the page's CSRF field and cookie sent back), single use, expiry, and every refusal changing nothing.
 */
@QuarkusTest
class ConnectionLinkTest {

    private static final Pattern CSRF_FIELD = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    private static final String KEY = "alice-own-key-never-shown";

    @Inject
    Pool pool;

    @Inject
    Secrets secrets;

    @Inject
    InitiationExpiry expiry;

    @ConfigProperty(name = "switchboard.public-url")
    String publicUrl;

    @Test
    void aUserCompletesALinkWithTheirKeyOnceAndIsSentToTheCallback() {
        TestTenant tenant = Api.newTenant();
        tenant.toolkit("crm");
        String config = tenant.authConfig("crm", "API_KEY", Map.of("header_name", "X-Crm-Key"));
        Map<String, Object> link = link(tenant, config, "alice", "https://app.example.com/done?from=sb#top");
        String account = (String) link.get("connected_account_id");
        String redirect = (String) link.get("redirect_url");
        assertTrue(redirect.startsWith(publicUrl + "/link/"), redirect);
        assertEquals(redirect.substring(redirect.lastIndexOf('/') + 1), link.get("link_token"));
        tenant.api().get(ROOT + "/connected_accounts/" + account).then().statusCode(200)
                .body("status", equalTo("INITIATED")).body("user_id", equalTo("alice"))
                .body("state.val.status", equalTo("INITIATED"));

        String path = URI.create(redirect).getPath();
        Response page = given().get(path);
        page.then().statusCode(200).contentType(containsString("text/html"))
                .header("Content-Security-Policy", startsWith("default-src 'none'; style-src 'nonce-"))
                .header("Content-Security-Policy", containsString("form-action 'self' https://app.example.com;"))
                .header("Referrer-Policy", "no-referrer").header("Cache-Control", "no-store")
                .body(containsString("Connect CRM")).body(containsString("Your API key"));
        String cookie = page.getCookie("switchboard_link_csrf");
        assertTrue(page.getDetailedCookie("switchboard_link_csrf").isHttpOnly());
        assertEquals("Strict", page.getDetailedCookie("switchboard_link_csrf").getSameSite());
        String field = csrfField(page);

        // Without the cookie, or with another link's field, nothing happens.
        post(path, null, field, KEY).then().statusCode(403);
        Response otherPage = given().get(URI.create((String) link(tenant, config, "bob", null).get("redirect_url")).getPath());
        post(path, cookie, csrfField(otherPage), KEY).then().statusCode(403);
        post(path, otherPage.getCookie("switchboard_link_csrf"), field, KEY).then().statusCode(403);
        // A key the API would refuse shows the form again, without the key.
        post(path, cookie, field, "bad\u0001key").then().statusCode(400).body(containsString("The API key must be visible ASCII"))
                .body(not(containsString("bad\u0001key")));
        tenant.api().get(ROOT + "/connected_accounts/" + account).then().body("status", equalTo("INITIATED"));

        post(path, cookie, field, "  " + KEY + "\n").then().statusCode(303)
                .header("Location", "https://app.example.com/done?from=sb&status=success&connected_account_id=" + account + "#top");
        tenant.api().get(ROOT + "/connected_accounts/" + account).then().statusCode(200)
                .body("status", equalTo("ACTIVE")).body("state.val.api_key", equalTo("********"))
                .body(not(containsString(KEY)));
        assertEquals(KEY, storedKey(tenant.id(), account));

        // Single use: the page and a second post answer 410 and change nothing.
        given().get(path).then().statusCode(410).body(containsString("already used"));
        post(path, cookie, field, "another-key").then().statusCode(410);
        assertEquals(KEY, storedKey(tenant.id(), account));
        given().get("/link/lt_doesnotexist").then().statusCode(404).body(containsString("not valid"));
    }

    @Test
    void withoutACallbackThePageSaysItWorked() {
        TestTenant tenant = Api.newTenant();
        tenant.toolkit("chat");
        String config = tenant.authConfig("chat", "BEARER_TOKEN", Map.of());
        Map<String, Object> link = link(tenant, config, "carol", null);
        String path = URI.create((String) link.get("redirect_url")).getPath();
        Response page = given().get(path);
        page.then().statusCode(200).body(containsString("Your token"));
        post(path, page.getCookie("switchboard_link_csrf"), csrfField(page), "tok with space").then().statusCode(400);
        post(path, page.getCookie("switchboard_link_csrf"), csrfField(page), "carol-token").then().statusCode(200)
                .body(containsString("CHAT is connected"));
        tenant.api().get(ROOT + "/connected_accounts/" + link.get("connected_account_id")).then()
                .body("status", equalTo("ACTIVE")).body("state.val.token", equalTo("********"));
    }

    @Test
    void anUnfinishedLinkExpiresWithComposiosReason() {
        TestTenant tenant = Api.newTenant();
        tenant.toolkit("crm");
        String config = tenant.authConfig("crm", "API_KEY", Map.of());
        Map<String, Object> link = link(tenant, config, "dave", null);
        String account = (String) link.get("connected_account_id");
        String path = URI.create((String) link.get("redirect_url")).getPath();
        Response page = given().get(path);
        page.then().statusCode(200);

        expiry.sweep().await().atMost(Duration.ofSeconds(10));
        tenant.api().get(ROOT + "/connected_accounts/" + account).then().body("status", equalTo("INITIATED"));
        pool.preparedQuery("update connected_account set initiated_at = initiated_at - interval '11 minutes' where id = $1")
                .execute(Tuple.of(account)).await().atMost(Duration.ofSeconds(10));
        pool.preparedQuery("update connection_link set expires_at = expires_at - interval '11 minutes' where connected_account_id = $1")
                .execute(Tuple.of(account)).await().atMost(Duration.ofSeconds(10));
        assertTrue(expiry.sweep().await().atMost(Duration.ofSeconds(10)) >= 1);
        tenant.api().get(ROOT + "/connected_accounts/" + account).then().body("status", equalTo("EXPIRED"))
                .body("status_reason", equalTo("Connection initiation did not complete within 10 minutes"));
        given().get(path).then().statusCode(410).body(containsString("expired"));
        post(path, page.getCookie("switchboard_link_csrf"), csrfField(page), KEY).then().statusCode(410);
        tenant.api().get(ROOT + "/connected_accounts/" + account).then().body("status", equalTo("EXPIRED"));
    }

    @Test
    void linksAreRefusedWhereNoFormCanServeThem() {
        TestTenant tenant = Api.newTenant();
        tenant.toolkit("crm");
        String shared = tenant.authConfig("crm", "API_KEY", Map.of("api_key", "everyones"));
        String oauth = tenant.authConfig("crm", "OAUTH2", Map.of("client_id", "c", "client_secret", "s",
                "authorization_url", "https://idp.example.com/auth", "token_url", "https://idp.example.com/token"));
        String perUser = tenant.authConfig("crm", "API_KEY", Map.of());
        tenant.api().body(Map.of("auth_config_id", shared, "user_id", "u")).post(ROOT + "/connected_accounts/link").then()
                .statusCode(400).body("errors[0].field", equalTo("auth_config_id"))
                .body("errors[0].message", containsString("every user's calls share"));
        tenant.api().body(Map.of("auth_config_id", "ac_unknown", "user_id", "u")).post(ROOT + "/connected_accounts/link").then()
                .statusCode(400).body("errors[0].field", equalTo("auth_config_id"));
        tenant.api().body(Map.of("auth_config_id", perUser, "user_id", "u", "callback_url", "javascript:alert(1)"))
                .post(ROOT + "/connected_accounts/link").then().statusCode(400).body("errors[0].field", equalTo("callback_url"));
        // Another tenant's auth config is unknown.
        TestTenant other = Api.newTenant();
        other.api().body(Map.of("auth_config_id", perUser, "user_id", "u")).post(ROOT + "/connected_accounts/link").then()
                .statusCode(400).body("errors[0].message", containsString("unknown auth config"));
        tenant.api().queryParam("user_ids", "u").get(ROOT + "/connected_accounts").then().body("items.size()", equalTo(0));

        // An OAUTH2 config's link leads into the OAuth2 flow: each visit redirects to a fresh start URL on Switchboard.
        String link = tenant.api().body(Map.of("auth_config_id", oauth, "user_id", "u", "callback_url", "https://app.example.com/done"))
                .post(ROOT + "/connected_accounts/link").then().statusCode(201).extract().path("redirect_url");
        String path = URI.create(link).getRawPath();
        String first = given().redirects().follow(false).get(path).then().statusCode(303).extract().header("Location");
        String second = given().redirects().follow(false).get(path).then().statusCode(303).extract().header("Location");
        assertTrue(first.contains("/api/v3/toolkits/auth/start/oa_"), first);
        assertNotEquals(first, second);
        // The second visit replaced the first start URL: it is unknown now.
        given().redirects().follow(false).get(URI.create(first).getRawPath()).then().statusCode(404);
        given().redirects().follow(false).get(URI.create(second).getRawPath()).then().statusCode(302)
                .header("Location", startsWith("https://idp.example.com/auth?"));
    }

    static Map<String, Object> link(TestTenant tenant, String config, String userId, String callbackUrl) {
        Map<String, Object> body = new HashMap<>(Map.of("auth_config_id", config, "user_id", userId));
        if (callbackUrl != null) {
            body.put("callback_url", callbackUrl);
        }
        return tenant.api().body(body).post(ROOT + "/connected_accounts/link").then().statusCode(201).extract().jsonPath().getMap("");
    }

    private static Response post(String path, String cookie, String field, String key) {
        var request = given().redirects().follow(false).contentType("application/x-www-form-urlencoded")
                .formParam("csrf", field).formParam("key", key);
        if (cookie != null) {
            request.cookie("switchboard_link_csrf", cookie);
        }
        return request.post(path);
    }

    private static String csrfField(Response page) {
        Matcher matcher = CSRF_FIELD.matcher(page.asString());
        assertTrue(matcher.find(), page.asString());
        return matcher.group(1);
    }

    private String storedKey(String tenantId, String account) {
        Row row = pool.preparedQuery("select secret_ciphertext, secret_key_id from connected_account where id = $1")
                .execute(Tuple.of(account)).await().atMost(Duration.ofSeconds(10)).iterator().next();
        return secrets.require().open(new SecretCipher.Sealed(row.getString("secret_key_id"), row.getBuffer("secret_ciphertext").getBytes()),
                ConnectedAccountEntity.secretBinding(tenantId, account));
    }
}
