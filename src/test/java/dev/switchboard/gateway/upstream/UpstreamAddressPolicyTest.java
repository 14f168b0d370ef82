package dev.switchboard.gateway.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The upstream address policy, rule by rule (no lookups: addresses are given as a resolver would answer them). */
class UpstreamAddressPolicyTest {

    /** As in production: nothing configured, loopback denied, Switchboard on 8080 at switchboard.example.com. */
    private static final UpstreamAddressPolicy PRODUCTION = new UpstreamAddressPolicy(List.of(), List.of(), false,
            Set.of(8080), Set.of("switchboard.example.com:443"), Set.of(ip("10.1.2.3")));

    private static InetAddress ip(String literal) {
        return UpstreamAddressPolicy.literal(literal);
    }

    private static String refusal(UpstreamAddressPolicy policy, String url) {
        return policy.refusalOf(URI.create(url));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://169.254.169.254/latest/meta-data/", "http://metadata.google.internal/computeMetadata/v1/",
            "http://METADATA.google.internal./", "http://[fd00:ec2::254]/", "http://100.100.100.200/", "http://169.254.1.1:8080/",
            "http://[fe80::1]/", "http://0.0.0.0:3000/", "http://[::]/", "http://0.1.2.3/", "http://224.0.0.1/",
            "http://255.255.255.255/", "http://127.0.0.1/", "http://[::1]:3000/", "http://localhost:3000/", "http://app.localhost/",
            "http://[::ffff:127.0.0.1]/", "http://[::ffff:169.254.169.254]/", "http://[::127.0.0.1]/", "http://[64:ff9b::a9fe:a9fe]/",
            "http://[2002:7f00:1::]/", "http://10.1.2.3:8080/mcp", "https://switchboard.example.com/v3/mcp/x/mcp",
            "http://0177.0.0.1/", "http://2130706433/", "http://0x7f000001/", "http://0x7f.0.0.1/", "http://127.000.000.001/",
            "http://10.0.0.1:99999/mcp", "http://mcp.example.com:0/"})
    void refusesWhatIsNeverAnUpstreamInProduction(String url) {
        assertNotNull(refusal(PRODUCTION, url), url);
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://mcp.example.com/mcp", "http://10.1.2.3:3000/mcp", "http://10.20.0.5/mcp", "http://[fd00::5]:8000/mcp",
            "https://switchboard.example.com:8443/other", "http://1.2.3.4.nip.io/", "http://face.cafe/"})
    void allowsOrdinaryUpstreams(String url) {
        assertNull(refusal(PRODUCTION, url), url);
    }

    @Test
    void refusalsSayWhatIsWrong() {
        assertEquals("is a cloud metadata service", refusal(PRODUCTION, "http://metadata.google.internal/"));
        assertEquals("is a loopback address, which the upstream address policy denies", refusal(PRODUCTION, "http://127.0.0.1:3000/"));
        assertEquals("is Switchboard itself", refusal(PRODUCTION, "http://10.1.2.3:8080/"));
        assertEquals("has no valid port (1-65535)", refusal(PRODUCTION, "http://mcp.example.com:99999/"));
        assertEquals("must write a numeric host as a canonical IP address (e.g. 10.0.0.1, or [fd00::1])",
                refusal(PRODUCTION, "http://0177.0.0.1/"));
    }

    @Test
    void aNameIsJudgedAgainByEveryAddressItResolvesTo() {
        assertNull(refusal(PRODUCTION, "http://rebind.example.com/"));
        assertEquals("is a cloud metadata service", PRODUCTION.refusalOf("rebind.example.com", ip("169.254.169.254"), 80));
        assertEquals("is a loopback address, which the upstream address policy denies",
                PRODUCTION.refusalOf("rebind.example.com", ip("127.0.0.1"), 80));
        assertEquals("is Switchboard itself", PRODUCTION.refusalOf("rebind.example.com", ip("10.1.2.3"), 8080));
        assertNull(PRODUCTION.refusalOf("mcp.example.com", ip("10.20.0.5"), 80));
    }

    @Test
    void loopbackPassesWhenAllowedButSwitchboardsOwnPortNever() {
        UpstreamAddressPolicy dev = new UpstreamAddressPolicy(List.of(), List.of(), true, Set.of(8080), Set.of(), Set.of());
        assertNull(refusal(dev, "http://127.0.0.1:3000/mcp"));
        assertNull(refusal(dev, "http://localhost:3000/mcp"));
        assertNull(dev.refusalOf("localhost", ip("::1"), 3000));
        assertEquals("is Switchboard itself", refusal(dev, "http://127.0.0.1:8080/mcp"));
        assertEquals("is Switchboard itself", dev.refusalOf("localhost", ip("127.0.0.1"), 8080));
        assertNotNull(refusal(dev, "http://169.254.169.254/"));
    }

    @Test
    void deniedEntriesWinAndAllowedEntriesAreTheOnlyWayIn() {
        UpstreamAddressPolicy policy = new UpstreamAddressPolicy(List.of("*.mcp.example.com", "10.20.0.0/16", "127.0.0.1:3000"),
                List.of("secret.mcp.example.com", "10.20.9.0/24", "[fd00::/8]"), false, Set.of(8080), Set.of(), Set.of());
        assertNull(refusal(policy, "https://github.mcp.example.com/mcp"));
        assertNull(refusal(policy, "http://10.20.1.1/mcp"));
        assertNull(refusal(policy, "http://127.0.0.1:3000/mcp"), "an allowed entry lifts the loopback denial");
        assertEquals("is not among the allowed upstream addresses", refusal(policy, "http://127.0.0.1:3001/mcp"));
        assertEquals("is denied by the upstream address policy", refusal(policy, "https://secret.mcp.example.com/mcp"));
        assertEquals("is denied by the upstream address policy", refusal(policy, "http://10.20.9.9/mcp"));
        assertEquals("is denied by the upstream address policy", refusal(policy, "http://[fd00::1]/mcp"));
        assertEquals("is not among the allowed upstream addresses", refusal(policy, "http://10.30.0.1/mcp"));
        // A name the allowed names do not cover may still resolve into an allowed range: known when connecting.
        assertNull(refusal(policy, "https://other.example.com/mcp"));
        assertNull(policy.refusalOf("other.example.com", ip("10.20.3.3"), 443));
        assertEquals("is not among the allowed upstream addresses", policy.refusalOf("other.example.com", ip("10.30.3.3"), 443));
        assertEquals("is denied by the upstream address policy", policy.refusalOf("github.mcp.example.com", ip("10.20.9.1"), 443));
    }

    @Test
    void anEntryThatIsNoAddressStopsTheStart() {
        for (String entry : List.of("http://x", "10.0.0.0/33", "host:99999", "a b", "0177.0.0.1")) {
            assertThrows(IllegalArgumentException.class,
                    () -> new UpstreamAddressPolicy(List.of(), List.of(entry), false, Set.of(), Set.of(), Set.of()), entry);
        }
    }
}
