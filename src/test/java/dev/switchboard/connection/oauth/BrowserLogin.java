package dev.switchboard.connection.oauth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The user's browser, played over HTTP as src/test/node/sso-login-check.mjs plays it: follows redirects by hand
 * with its cookies (Keycloak marks them Secure and SameSite=None, which a browser on loopback still sends), fills
 * in Keycloak's login form and posts it. It stops at the redirect to Switchboard's callback, so a test decides
 * when (and how often) to visit it.
 */
final class BrowserLogin {

    private static final Pattern FORM_ACTION = Pattern.compile("<form[^>]*\\baction=\"([^\"]+)\"");
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final Map<String, String> cookies = new LinkedHashMap<>();

    /** Opens Switchboard's redirect URL, logs in at the provider, and answers where the provider sends the browser back. */
    String loginAt(String redirectUrl, String username, String password, String callbackPrefix) {
        HttpResponse<String> start = get(redirectUrl);
        if (start.statusCode() != 302) {
            throw new IllegalStateException("the start URL answered " + start.statusCode() + ": " + start.body());
        }
        String url = location(start, redirectUrl);
        HttpResponse<String> page = get(url);
        for (int hop = 0; page.statusCode() == 302 && hop < 5; hop++) {
            url = location(page, url);
            page = get(url);
        }
        Matcher action = FORM_ACTION.matcher(page.body());
        if (page.statusCode() != 200 || !action.find()) {
            throw new IllegalStateException("no login form at " + url + " (" + page.statusCode() + "): " + page.body());
        }
        String form = "username=" + URLEncoder.encode(username, StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode(password, StandardCharsets.UTF_8) + "&credentialId=";
        String target = URI.create(url).resolve(action.group(1).replace("&amp;", "&")).toString();
        HttpResponse<String> posted = send(HttpRequest.newBuilder(URI.create(target))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)));
        if (posted.statusCode() != 302) {
            throw new IllegalStateException("the login form answered " + posted.statusCode() + ": " + posted.body());
        }
        String back = location(posted, target);
        if (!back.startsWith(callbackPrefix)) {
            throw new IllegalStateException("the provider sent the browser to " + back + ", not to " + callbackPrefix);
        }
        return back;
    }

    /** Where a start URL redirects (the provider's authorization URL, with the state and challenge). */
    String startRedirect(String redirectUrl) {
        HttpResponse<String> start = get(redirectUrl);
        if (start.statusCode() != 302) {
            throw new IllegalStateException("the start URL answered " + start.statusCode() + ": " + start.body());
        }
        return location(start, redirectUrl);
    }

    HttpResponse<String> get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        if (!cookies.isEmpty()) {
            request.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("; ")));
        }
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            for (String line : response.headers().allValues("Set-Cookie")) {
                String pair = line.split(";", 2)[0];
                int equals = pair.indexOf('=');
                String name = pair.substring(0, equals).trim();
                String value = pair.substring(equals + 1).trim();
                if (value.isEmpty() || line.toLowerCase().contains("max-age=0")) {
                    cookies.remove(name);
                } else {
                    cookies.put(name, value);
                }
            }
            return response;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String location(HttpResponse<String> response, String from) {
        return URI.create(from).resolve(response.headers().firstValue("Location").orElseThrow()).toString();
    }
}
