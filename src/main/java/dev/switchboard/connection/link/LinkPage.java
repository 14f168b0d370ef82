package dev.switchboard.connection.link;

import dev.switchboard.connection.link.LinkSubmissions.LinkForm;

/**
 * The HTML of a link's page: small, self-contained (no script, no external asset, one style block allowed by
 * its nonce), every value escaped. It never shows a key, not even the one just refused.
 */
public final class LinkPage {

    private static final String STYLE = "body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;"
            + "color:#1d1d1f}label{display:block;margin:1rem 0 .3rem}input[type=password]{width:100%;padding:.5rem;"
            + "box-sizing:border-box}button{margin-top:1rem;padding:.5rem 1.2rem}.error{color:#b00020}";

    private LinkPage() {
    }

    /** The form asking for the key of a toolkit; {@code error} (or null) says why the last key was refused. */
    public static String form(LinkForm form, String csrfField, String error, String nonce) {
        String what = LinkSubmissions.label(form.scheme());
        StringBuilder body = new StringBuilder()
                .append("<h1>Connect ").append(escape(form.toolkitName())).append("</h1>")
                .append("<p>Switchboard calls <strong>").append(escape(form.toolkitName())).append("</strong> (")
                .append(escape(form.toolkitSlug())).append(") for you with your own ").append(what)
                .append(". It is stored encrypted and never shown again.</p>");
        if (error != null) {
            body.append("<p class=\"error\" role=\"alert\">").append(escape(error)).append("</p>");
        }
        body.append("<form method=\"post\" autocomplete=\"off\">")
                .append("<input type=\"hidden\" name=\"csrf\" value=\"").append(escape(csrfField)).append("\">")
                .append("<label for=\"key\">Your ").append(what).append("</label>")
                .append("<input type=\"password\" id=\"key\" name=\"key\" required maxlength=\"8192\" autofocus>")
                .append("<button type=\"submit\">Connect</button></form>");
        return page("Connect " + form.toolkitName(), body.toString(), nonce);
    }

    /** A page that only says something: a link that cannot be used, or a connection made. */
    public static String message(String title, String text, String nonce) {
        return page(title, "<h1>" + escape(title) + "</h1><p>" + escape(text) + "</p>", nonce);
    }

    private static String page(String title, String body, String nonce) {
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
                + "<meta name=\"referrer\" content=\"no-referrer\">"
                + "<title>" + escape(title) + " · Switchboard</title><style nonce=\"" + escape(nonce) + "\">" + STYLE + "</style>"
                + "</head><body>" + body + "</body></html>";
    }

    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
