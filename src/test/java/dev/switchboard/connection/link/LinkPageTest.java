package dev.switchboard.connection.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.authconfig.AuthScheme;
import dev.switchboard.connection.link.LinkSubmissions.LinkForm;
import org.junit.jupiter.api.Test;

class LinkPageTest {

    @Test
    void everyValueIsEscaped() {
        assertEquals("&lt;script&gt;&amp;&quot;&#39;", LinkPage.escape("<script>&\"'"));
        String page = LinkPage.form(new LinkForm("t", "ca_1", "<img src=x onerror=alert(1)>", "crm", AuthScheme.API_KEY, null),
                "key.\"><b>", "bad <key>", "n0nce");
        assertFalse(page.contains("<img"), page);
        assertFalse(page.contains("\"><b>"), page);
        assertTrue(page.contains("Connect &lt;img src=x onerror=alert(1)&gt;"), page);
        assertTrue(page.contains("<p class=\"error\" role=\"alert\">bad &lt;key&gt;</p>"), page);
        assertTrue(page.contains("<style nonce=\"n0nce\">"), page);
        assertFalse(page.contains("<script"), page);
    }

    @Test
    void aBearerFormAsksForAToken() {
        String page = LinkPage.form(new LinkForm("t", "ca_1", "Chat", "chat", AuthScheme.BEARER_TOKEN, null), "f", null, "n");
        assertTrue(page.contains("<label for=\"key\">Your token</label>"), page);
        assertFalse(page.contains("role=\"alert\""), page);
    }
}
